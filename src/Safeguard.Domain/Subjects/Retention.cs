using NodaTime;

namespace Safeguard.Domain.Subjects;

/// <summary>
/// A retention group (after the College of Policing's Management of Police Information, MoPI): the records it holds —
/// of some kinds, and, when <see cref="When"/> names traits, only those with one of them — and how long after a record's
/// last activity it is reviewed for keeping or disposal.
/// </summary>
public sealed record RetentionGroup(string Name, string Title, int ReviewAfterYears, IReadOnlyList<string> Kinds, IReadOnlyList<string> When)
{
    public bool Holds(string kind, IReadOnlySet<string> traits) =>
        Kinds.Contains(kind, StringComparer.Ordinal) && (When.Count == 0 || When.Any(traits.Contains));
}

/// <summary>What a record's retention is judged on: its kind, its traits (<see cref="RetentionTraits"/>) and its last activity.</summary>
public sealed record RetentionFacts(string Kind, IReadOnlySet<string> Traits, Instant LastActivity);

/// <summary>The traits a retention group may ask for, each set by the record kinds it applies to.</summary>
public static class RetentionTraits
{
    /// <summary>The child has a child-protection plan (the child, and every notice, episode and incident about them).</summary>
    public const string ChildProtectionPlan = "child-protection-plan";

    public const string LookedAfter = "looked-after";
    public const string ExploitationRisk = "exploitation-risk";

    /// <summary>A notice graded red by the MASH (or high by the officer before review); a missing episode at high risk.</summary>
    public const string HighRisk = "high-risk";

    /// <summary>A notice the MASH referred to children's social care or to a strategy discussion.</summary>
    public const string Referred = "referred";

    /// <summary>A missing episode with exploitation indicators recorded.</summary>
    public const string ExploitationIndicators = "exploitation-indicators";

    public static IReadOnlyList<string> All { get; } = [ChildProtectionPlan, LookedAfter, ExploitationRisk, HighRisk, Referred, ExploitationIndicators];
}

/// <summary>
/// When each record is next reviewed: the first group (in order) that holds it gives the period, counted from the
/// record's last activity in the force's time zone. A review that decides to keep a record sets the next review itself
/// (<see cref="ReviewOn"/>'s <c>keptUntil</c>), never earlier than the schedule's.
/// </summary>
public sealed class RetentionSchedule
{
    public RetentionSchedule(IReadOnlyList<RetentionGroup> groups, DateTimeZone zone) => (Groups, Zone) = (groups, zone);

    public IReadOnlyList<RetentionGroup> Groups { get; }
    public DateTimeZone Zone { get; }

    /// <summary>
    /// The default groups: child protection and exploitation (MoPI group 1, public protection) reviewed ten years after
    /// the last activity; every other safeguarding record (notices, missing episodes, children) and every call for
    /// service six years after (MoPI group 3's clear period).
    /// </summary>
    public static IReadOnlyList<RetentionGroup> DefaultGroups { get; } =
    [
        new("public-protection", "Child protection and exploitation (MoPI group 1)", 10, ["child", "notice", "missing", "incident"],
            [RetentionTraits.ChildProtectionPlan, RetentionTraits.LookedAfter, RetentionTraits.ExploitationRisk, RetentionTraits.HighRisk, RetentionTraits.Referred,
                RetentionTraits.ExploitationIndicators]),
        new("safeguarding", "Other safeguarding records (MoPI group 3)", 6, ["child", "notice", "missing"], []),
        new("calls-for-service", "Calls for service", 6, ["incident"], []),
    ];

    /// <summary>Why the groups cannot be used for <paramref name="kinds"/>, or null: every kind must fall in some group whatever its traits.</summary>
    public string? Problem(IEnumerable<string> kinds)
    {
        foreach (var g in Groups)
        {
            if (string.IsNullOrWhiteSpace(g.Name)) return "A retention group has no name.";
            if (g.ReviewAfterYears is < 1 or > 100) return $"Retention group '{g.Name}' must be reviewed after 1 to 100 years.";
            if (g.When.FirstOrDefault(t => !RetentionTraits.All.Contains(t)) is { } unknown)
                return $"Retention group '{g.Name}' asks for '{unknown}'. Traits: {string.Join(", ", RetentionTraits.All)}.";
        }
        foreach (var kind in kinds)
            if (!Groups.Any(g => g.Kinds.Contains(kind, StringComparer.Ordinal) && g.When.Count == 0))
                return $"No retention group holds every {kind} record: add one for '{kind}' with no traits.";
        return null;
    }

    public RetentionGroup GroupFor(string kind, IReadOnlySet<string> traits) =>
        Groups.FirstOrDefault(g => g.Holds(kind, traits)) ?? throw new InvalidOperationException($"No retention group holds this {kind} record.");

    /// <summary>The record's group and the day it is next reviewed (no earlier than <paramref name="keptUntil"/>, a review's decision to keep it).</summary>
    public (RetentionGroup Group, LocalDate ReviewOn) ReviewOn(RetentionFacts facts, LocalDate? keptUntil = null)
    {
        var group = GroupFor(facts.Kind, facts.Traits);
        var due = facts.LastActivity.InZone(Zone).Date.PlusYears(group.ReviewAfterYears);
        return (group, keptUntil is { } kept && kept > due ? kept : due);
    }
}
