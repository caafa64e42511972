using NodaTime;
using Safeguard.Domain.Incidents;

namespace Safeguard.Domain.Clocks;

/// <summary>
/// How long the force has to attend an incident of each grade, when clocks warn, and which grade compliance is
/// measured on. Defaults come from DESIGN.md: Immediate 15 minutes urban / 20 minutes rural, Priority 60 minutes
/// (75% of child-involved priority incidents within target), Scheduled 48 hours, Resolution without deployment
/// has no attendance clock; warn at 75% of the target; measure on the initial grade.
/// </summary>
public sealed record AttendancePolicy
{
    public Duration ImmediateUrban { get; init; } = Duration.FromMinutes(15);
    public Duration ImmediateRural { get; init; } = Duration.FromMinutes(20);
    public Duration Priority { get; init; } = Duration.FromMinutes(60);
    public Duration Scheduled { get; init; } = Duration.FromHours(48);

    /// <summary>Districts whose immediate target is <see cref="ImmediateRural"/>; compared without regard to case.</summary>
    public IReadOnlySet<string> RuralDistricts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The share of a target after which a clock warns, in (0, 1].</summary>
    public double WarningFraction { get; init; } = 0.75;

    public GradeBasis GradeBasis { get; init; } = GradeBasis.Initial;

    /// <summary>The force's compliance target for child-involved priority incidents, in percent.</summary>
    public double PriorityTargetPercent { get; init; } = 75;

    /// <summary>Who is told, and when, while an attendance clock is open.</summary>
    public EscalationPolicy Escalation { get; init; } = EscalationPolicy.DefaultAttendance;

    /// <summary>How late a step that was already past when the clock became known may still fire (see <see cref="EscalationPolicy.CanFire"/>).</summary>
    public Duration EscalationCatchUp { get; init; } = Duration.FromHours(24);

    /// <summary>The "child seen and spoken to" target for a child-involved incident, from its creation [force policy].</summary>
    public Duration ChildSeen { get; init; } = Duration.FromHours(24);

    /// <summary>Who is told while a child-seen clock is open: the supervisor, then the duty inspector, a day on the superintendent.</summary>
    public EscalationPolicy ChildSeenEscalation { get; init; } = new(
    [
        new EscalationStep("warning", EscalationTrigger.Warning, Duration.Zero, "supervisor"),
        new EscalationStep("breach", EscalationTrigger.Breach, Duration.Zero, "duty-inspector"),
        new EscalationStep("breach+24h", EscalationTrigger.Breach, Duration.FromHours(24), "superintendent"),
    ]);

    public static AttendancePolicy Default { get; } = new();

    /// <summary>The attendance target for a grade in a district, or null when the grade has no attendance clock.</summary>
    public Duration? TargetFor(Grade grade, string? district) => grade switch
    {
        Grade.Immediate => district is not null && RuralDistricts.Contains(district) ? ImmediateRural : ImmediateUrban,
        Grade.Priority => Priority,
        Grade.Scheduled => Scheduled,
        Grade.Resolution => null,
    };

    /// <summary>Lists what is wrong with the policy; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("ImmediateUrban", ImmediateUrban), ("ImmediateRural", ImmediateRural), ("Priority", Priority), ("Scheduled", Scheduled), ("ChildSeen", ChildSeen) })
        {
            if (value <= Duration.Zero) problems.Add($"{name} must be a positive duration");
        }
        if (WarningFraction is <= 0 or > 1) problems.Add("WarningFraction must be greater than 0 and at most 1");
        if (PriorityTargetPercent is < 0 or > 100) problems.Add("PriorityTargetPercent must be between 0 and 100");
        problems.AddRange(Escalation.Validate());
        problems.AddRange(ChildSeenEscalation.Validate());
        if (EscalationCatchUp < Duration.Zero) problems.Add("EscalationCatchUp must be zero or more");
        return problems;
    }
}
