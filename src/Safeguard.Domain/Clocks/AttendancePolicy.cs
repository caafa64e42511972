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
        foreach (var (name, value) in new[] { ("ImmediateUrban", ImmediateUrban), ("ImmediateRural", ImmediateRural), ("Priority", Priority), ("Scheduled", Scheduled) })
        {
            if (value <= Duration.Zero) problems.Add($"{name} must be a positive duration");
        }
        if (WarningFraction is <= 0 or > 1) problems.Add("WarningFraction must be greater than 0 and at most 1");
        if (PriorityTargetPercent is < 0 or > 100) problems.Add("PriorityTargetPercent must be between 0 and 100");
        if (Escalation.Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Escalation.Steps.Count)
            problems.Add("Escalation step names must be unique");
        if (Escalation.Steps.Any(s => string.IsNullOrWhiteSpace(s.Name) || s.Name.Contains(',', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(s.Recipient) || s.After < Duration.Zero))
            problems.Add("Each escalation step needs a name without commas, a recipient and a delay of zero or more");
        return problems;
    }
}
