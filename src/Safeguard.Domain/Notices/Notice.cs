using NodaTime;

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

    public static NoticePolicy Default { get; } = new();

    public Duration ReviewTarget(OfficerRisk risk) => risk == OfficerRisk.High ? HighRiskReview : Review;

    /// <summary>Red and amber reviews must be shared with partners; green need not be.</summary>
    public static bool SharingRequired(Rag? rag) => rag is Rag.Red or Rag.Amber;
}

/// <summary>What is known of a public protection notice about a child.</summary>
public sealed record NoticeFacts(
    string ChildReference, string? IncidentReference, NoticeType Type, OfficerRisk OfficerRisk, Instant OccurredAt, Instant SubmittedAt,
    Instant? ReviewedAt, Rag? Rag, Instant? SharedAt, string? SharedWith);
