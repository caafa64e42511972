using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Missing;

/// <summary>The risk level of a missing episode (College of Policing APP).</summary>
public enum RiskLevel
{
    VeryLow,
    Low,
    Medium,
    High,
}

public static class RiskLevels
{
    /// <summary>Reads <c>very_low</c>, <c>low</c>, <c>medium</c>, <c>high</c> (any case; a space or hyphen may stand for the underscore).</summary>
    public static bool TryParse(string? text, out RiskLevel risk)
    {
        switch (text?.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_'))
        {
            case "very_low":
                risk = RiskLevel.VeryLow;
                return true;
            case "low":
                risk = RiskLevel.Low;
                return true;
            case "medium":
                risk = RiskLevel.Medium;
                return true;
            case "high":
                risk = RiskLevel.High;
                return true;
            default:
                risk = default;
                return false;
        }
    }

    public static string Name(this RiskLevel risk) => risk switch
    {
        RiskLevel.VeryLow => "very_low",
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
    };
}

/// <summary>
/// Missing-children clocks with the DESIGN.md defaults: attendance to take the report (high 15 minutes, medium 60,
/// low 24 hours, very low none); risk reviews while missing (high hourly, medium 6-hourly, low daily); prevention
/// interview within 24 hours of being found; return home interview offered within 72 hours of being found; three
/// episodes reported within 90 days flag the child as repeat missing.
/// </summary>
public sealed record MissingPolicy
{
    public Duration HighAttendance { get; init; } = Duration.FromMinutes(15);
    public Duration MediumAttendance { get; init; } = Duration.FromMinutes(60);
    public Duration LowAttendance { get; init; } = Duration.FromHours(24);
    public Duration HighReview { get; init; } = Duration.FromHours(1);
    public Duration MediumReview { get; init; } = Duration.FromHours(6);
    public Duration LowReview { get; init; } = Duration.FromHours(24);
    public Duration PreventionInterview { get; init; } = Duration.FromHours(24);
    public Duration ReturnInterview { get; init; } = Duration.FromHours(72);
    public int RepeatEpisodes { get; init; } = 3;
    public Duration RepeatWindow { get; init; } = Duration.FromDays(90);
    public double WarningFraction { get; init; } = 0.75;

    /// <summary>
    /// The chain for every open episode clock (attendance, risk review, prevention and return interviews): warn the
    /// missing-person coordinator; on breach the duty inspector; an hour on, the superintendent.
    /// </summary>
    public EscalationPolicy Escalation { get; init; } = new(
    [
        new EscalationStep("warning", EscalationTrigger.Warning, Duration.Zero, "missing-coordinator"),
        new EscalationStep("breach", EscalationTrigger.Breach, Duration.Zero, "duty-inspector"),
        new EscalationStep("breach+1h", EscalationTrigger.Breach, Duration.FromHours(1), "superintendent"),
    ]);

    /// <summary>How late a step already past when the episode became known may still fire.</summary>
    public Duration EscalationCatchUp { get; init; } = Duration.FromHours(24);

    public static MissingPolicy Default { get; } = new();

    /// <summary>Lists what is wrong with the policy; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[]
                 {
                     ("HighAttendance", HighAttendance), ("MediumAttendance", MediumAttendance), ("LowAttendance", LowAttendance), ("HighReview", HighReview),
                     ("MediumReview", MediumReview), ("LowReview", LowReview), ("PreventionInterview", PreventionInterview), ("ReturnInterview", ReturnInterview),
                     ("RepeatWindow", RepeatWindow),
                 })
        {
            if (value <= Duration.Zero) problems.Add($"{name} must be a positive duration");
        }
        if (RepeatEpisodes < 2) problems.Add("RepeatEpisodes must be at least 2");
        if (WarningFraction is <= 0 or > 1) problems.Add("WarningFraction must be greater than 0 and at most 1");
        if (EscalationCatchUp < Duration.Zero) problems.Add("EscalationCatchUp must be zero or more");
        problems.AddRange(Escalation.Validate());
        return problems;
    }

    /// <summary>How long the force has to attend a report at this risk; null for very low (no attendance clock).</summary>
    public Duration? AttendanceTarget(RiskLevel risk) => risk switch
    {
        RiskLevel.High => HighAttendance,
        RiskLevel.Medium => MediumAttendance,
        RiskLevel.Low => LowAttendance,
        RiskLevel.VeryLow => null,
    };

    /// <summary>How often the risk is reviewed while the child is missing; null for very low.</summary>
    public Duration? ReviewInterval(RiskLevel risk) => risk switch
    {
        RiskLevel.High => HighReview,
        RiskLevel.Medium => MediumReview,
        RiskLevel.Low => LowReview,
        RiskLevel.VeryLow => null,
    };
}

/// <summary>
/// What is known of a missing episode: reported (with the risk at report and the risk now), attended, found, and the
/// interviews and school contact that followed. Times are instants; each later one is not before the report.
/// </summary>
public sealed record EpisodeFacts(
    string ChildReference,
    Instant ReportedAt,
    RiskLevel RiskAtReport,
    RiskLevel CurrentRisk,
    Instant? AttendedAt,
    Instant? FoundAt,
    Instant? PreventionInterviewAt,
    Instant? ReturnInterviewOfferedAt,
    Instant? SchoolContactedAt,
    string? District);
