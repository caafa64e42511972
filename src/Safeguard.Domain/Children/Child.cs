using NodaTime;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Children;

/// <summary>
/// A child's own details: name, date of birth, school and the flags every practitioner must see at once. Personal
/// data: shown to force staff with a reason to see it, never logged and never put in a URL.
/// </summary>
public sealed record ChildDetails(string? Name, LocalDate? DateOfBirth, string? School, bool ChildProtectionPlan, bool LookedAfter, bool ExploitationRisk)
{
    public const int MaxNameLength = 200;
    public const int MaxSchoolLength = 200;

    public static ChildDetails None { get; } = new(null, null, null, false, false, false);

    /// <summary>The child's age in whole years on <paramref name="date"/>, or null when the date of birth is not recorded.</summary>
    public int? AgeOn(LocalDate date) => DateOfBirth is { } born ? Period.Between(born, date, PeriodUnits.Years).Years : null;
}

/// <summary>
/// The voice of the child on one contact: whether the child was seen (when, by whom), spoken to alone, what the child
/// said, their demeanour — or why they were not seen. A contact on an incident that saw the child stops that
/// incident's child-seen clock.
/// </summary>
public sealed record ChildContact(Instant At, string Author, bool Seen, string? SeenBy, bool? SpokenToAlone, string? Said, string? Demeanour,
    string? ReasonNotSeen, string? IncidentReference)
{
    public const int MaxTextLength = 8000;
}

public static class ChildRules
{
    /// <summary>Why the contact may not be recorded at <paramref name="now"/>, or null.</summary>
    public static RuleViolation? Check(ChildContact c, Instant now)
    {
        if (c.At > now + IncidentHistory.ClockSkew) return new RuleViolation("A contact cannot be recorded before it has happened.");
        if (c.Seen && string.IsNullOrWhiteSpace(c.SeenBy)) return new RuleViolation("Record who saw the child.");
        if (c.Seen && c.SpokenToAlone is null) return new RuleViolation("Record whether the child was spoken to alone.");
        if (!c.Seen && string.IsNullOrWhiteSpace(c.ReasonNotSeen)) return new RuleViolation("Record why the child was not seen.");
        return null;
    }
}

/// <summary>Something recorded on a child's own record, appended and never changed afterwards.</summary>
public abstract record ChildEvent(Instant At, string Author, string? Reason) : SubjectEvent(At, Author, Reason);

/// <summary>The child's details as they stand from now on (every field stated).</summary>
public sealed record ChildDetailsRecorded(Instant At, string Author, ChildDetails Details) : ChildEvent(At, Author, null);

/// <summary>A contact with the child: the voice of the child (personal data: kept in the event, never logged).</summary>
public sealed record ChildContacted(Instant At, string Author, ChildContact Contact) : ChildEvent(At, Author, null);

/// <summary>What a child's own record amounts to: the latest details and every contact, in the order recorded.</summary>
public sealed record ChildState(ChildDetails Details, IReadOnlyList<ChildContact> Contacts)
{
    public static ChildState New { get; } = new(ChildDetails.None, []);

    public static ChildState Apply(ChildState? state, ChildEvent e) => e switch
    {
        ChildDetailsRecorded d => (state ?? New) with { Details = d.Details },
        ChildContacted c => (state ?? New) with { Contacts = [.. (state ?? New).Contacts, c.Contact] },
        _ => throw new InvalidOperationException($"Unknown child event {e.GetType().Name}."),
    };
}
