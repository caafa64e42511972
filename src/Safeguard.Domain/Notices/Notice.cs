using NodaTime;
using Safeguard.Domain.Calendars;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Notices;

public enum NoticeType
{
    ChildConcern,
    DomesticAbuse,
    Missing,
    Exploitation,
    OnlineAbuse,
    Other,
}

/// <summary>The officer's assessment of risk on a public protection notice.</summary>
public enum OfficerRisk
{
    Standard,
    Medium,
    High,
}

/// <summary>The MASH review's red / amber / green rating.</summary>
public enum Rag
{
    Red,
    Amber,
    Green,
}

public static class NoticeValues
{
    public static bool TryParseType(string text, out NoticeType type)
    {
        switch (Normal(text))
        {
            case "child_concern": type = NoticeType.ChildConcern; return true;
            case "domestic_abuse": type = NoticeType.DomesticAbuse; return true;
            case "missing": type = NoticeType.Missing; return true;
            case "exploitation": type = NoticeType.Exploitation; return true;
            case "online_abuse": type = NoticeType.OnlineAbuse; return true;
            case "other": type = NoticeType.Other; return true;
            default: type = default; return false;
        }
    }

    public static bool TryParseRisk(string text, out OfficerRisk risk)
    {
        switch (Normal(text))
        {
            case "standard": risk = OfficerRisk.Standard; return true;
            case "medium": risk = OfficerRisk.Medium; return true;
            case "high": risk = OfficerRisk.High; return true;
            default: risk = default; return false;
        }
    }

    public static bool TryParseRag(string text, out Rag rag)
    {
        switch (Normal(text))
        {
            case "red": rag = Rag.Red; return true;
            case "amber": rag = Rag.Amber; return true;
            case "green": rag = Rag.Green; return true;
            default: rag = default; return false;
        }
    }

    private static string Normal(string text) => text.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
}

/// <summary>
/// PPN clocks with the DESIGN.md defaults: submitted within 24 hours of the concern arising; reviewed in the MASH
/// within 24 hours of submission (4 hours when the officer's risk is high); shared with partners within 24 hours of a
/// red or amber review; three notices about a child within 90 days flag an escalating concern.
/// </summary>
public sealed record NoticePolicy
{
    public Duration Submission { get; init; } = Duration.FromHours(24);
    public Duration Review { get; init; } = Duration.FromHours(24);
    public Duration HighRiskReview { get; init; } = Duration.FromHours(4);
    public Duration Sharing { get; init; } = Duration.FromHours(24);
    public int EscalatingNotices { get; init; } = 3;
    public Duration EscalatingWindow { get; init; } = Duration.FromDays(90);

    /// <summary>Operation Encompass applies to children of these ages (inclusive) on the day of the incident.</summary>
    public int EncompassMinimumAge { get; init; } = 4;
    public int EncompassMaximumAge { get; init; } = 17;

    /// <summary>The school-day calendar for Operation Encompass: weekends, bank holidays and the configured terms.</summary>
    public SchoolDays SchoolDays { get; init; } = new();

    public double WarningFraction { get; init; } = 0.75;

    /// <summary>How late a step already past when the notice became known may still fire (see <see cref="EscalationPolicy.CanFire"/>).</summary>
    public Duration EscalationCatchUp { get; init; } = Duration.FromHours(24);

    /// <summary>
    /// The chain for every open notice clock (MASH review, partner sharing, Operation Encompass): warn the MASH; on
    /// breach its supervisor; a day on, the superintendent — so a notice left unreviewed cannot go unnoticed.
    /// </summary>
    public EscalationPolicy Escalation { get; init; } = new(
    [
        new EscalationStep("warning", EscalationTrigger.Warning, Duration.Zero, "mash"),
        new EscalationStep("breach", EscalationTrigger.Breach, Duration.Zero, "mash-supervisor"),
        new EscalationStep("breach+24h", EscalationTrigger.Breach, Duration.FromHours(24), "superintendent"),
    ]);

    /// <summary>
    /// The chain for a child-involved incident's PPN-due clock: warn the supervisor; on breach the duty inspector; a day
    /// on, the superintendent — so an incident with no notice cannot go unnoticed.
    /// </summary>
    public EscalationPolicy DueEscalation { get; init; } = new(
    [
        new EscalationStep("warning", EscalationTrigger.Warning, Duration.Zero, "supervisor"),
        new EscalationStep("breach", EscalationTrigger.Breach, Duration.Zero, "duty-inspector"),
        new EscalationStep("breach+24h", EscalationTrigger.Breach, Duration.FromHours(24), "superintendent"),
    ]);

    public static NoticePolicy Default { get; } = new();

    /// <summary>Lists what is wrong with the policy; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("Submission", Submission), ("Review", Review), ("HighRiskReview", HighRiskReview), ("Sharing", Sharing), ("EscalatingWindow", EscalatingWindow) })
        {
            if (value <= Duration.Zero) problems.Add($"{name} must be a positive duration");
        }
        if (EscalatingNotices < 2) problems.Add("EscalatingNotices must be at least 2");
        if (EncompassMinimumAge < 0 || EncompassMaximumAge < EncompassMinimumAge) problems.Add("EncompassMinimumAge must be 0 or more and at most EncompassMaximumAge");
        if (WarningFraction is <= 0 or > 1) problems.Add("WarningFraction must be greater than 0 and at most 1");
        if (EscalationCatchUp < Duration.Zero) problems.Add("EscalationCatchUp must be zero or more");
        problems.AddRange(Escalation.Validate());
        problems.AddRange(DueEscalation.Validate());
        return problems;
    }

    public Duration ReviewTarget(OfficerRisk risk) => risk == OfficerRisk.High ? HighRiskReview : Review;

    /// <summary>Red and amber reviews must be shared with partners; green need not be.</summary>
    public static bool SharingRequired(Rag? rag) => rag is Rag.Red or Rag.Amber;

    /// <summary>
    /// Whether a notice starts an Operation Encompass clock: a domestic-abuse notice about a child of school age on the
    /// day it occurred. A child whose date of birth is not recorded counts: the school is owed the call unless the
    /// record shows otherwise.
    /// </summary>
    public bool EncompassApplies(NoticeType type, Instant occurredAt, LocalDate? dateOfBirth, DateTimeZone zone)
    {
        if (type != NoticeType.DomesticAbuse) return false;
        if (dateOfBirth is not { } born) return true;
        var age = Period.Between(born, occurredAt.InZone(zone).Date, PeriodUnits.Years).Years;
        return age >= EncompassMinimumAge && age <= EncompassMaximumAge;
    }
}

/// <summary>
/// What is known of a public protection notice about a child. <see cref="SharedAt"/> is when sharing was complete: the
/// instant the last of the agencies the review decided on (<see cref="ShareDecided"/>) was shared with, or — when no
/// agencies were recorded, as in a file — the sharing instant given.
/// </summary>
public sealed record NoticeFacts(
    string ChildReference, string? IncidentReference, NoticeType Type, OfficerRisk OfficerRisk, Instant OccurredAt, Instant SubmittedAt,
    Instant? ReviewedAt, Rag? Rag, Instant? SharedAt, string? SharedWith, Instant? SchoolNotifiedAt = null, string? ShareDecided = null,
    NoticeDecision? Decision = null)
{
    /// <summary>The facts as a file can state them: without what is only ever recorded here (the school notification, the review's decided agencies and decision).</summary>
    public NoticeFacts AsInFile() => this with { SchoolNotifiedAt = null, ShareDecided = null, Decision = null };

    /// <summary>Agency names in a <c>;</c>-separated list, as files and the stored facts carry them.</summary>
    public static IEnumerable<string> Agencies(string? list) => (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
