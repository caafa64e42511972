using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.Domain.Children;

/// <summary>
/// A child's own details: name, date of birth, school and the flags every practitioner must see at once. Personal
/// data: shown to force staff with a reason to see it, never logged and never put in a URL.
/// </summary>
public sealed record ChildDetails(string? Name, LocalDate? DateOfBirth, string? School, bool ChildProtectionPlan, bool LookedAfter, bool ExploitationRisk)
{
    public const int MaxNameLength = 200;

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
