namespace Safeguard.Domain.Reporting;

/// <summary>Within / late / not done / pending against a target, and the percentage within (1 decimal place).</summary>
public sealed record TargetFigures(int Population, int WithinTarget, int Late, int NotDone, int Pending, double? PercentWithinTarget);

/// <summary>
/// Counts clock outcomes for one figure. The percentage within target leaves out what is not yet due:
/// 100 × within / (population − pending), null when nothing is due.
/// </summary>
public sealed class OutcomeCounts
{
    public int WithinTarget { get; private set; }
    public int Late { get; private set; }
    public int NotDone { get; private set; }
    public int Pending { get; private set; }
    public int Population => WithinTarget + Late + NotDone + Pending;

    public void Add(AttendanceOutcome outcome)
    {
        switch (outcome)
        {
            case AttendanceOutcome.WithinTarget: WithinTarget++; break;
            case AttendanceOutcome.Late: Late++; break;
            case AttendanceOutcome.NotAttended: NotDone++; break;
            case AttendanceOutcome.Pending: Pending++; break;
            default: throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    public void Add(OutcomeCounts other)
    {
        WithinTarget += other.WithinTarget;
        Late += other.Late;
        NotDone += other.NotDone;
        Pending += other.Pending;
    }

    public double? PercentWithinTarget => AttendanceReportBuilder.Percent(WithinTarget, Population - Pending);

    public TargetFigures Figures() => new(Population, WithinTarget, Late, NotDone, Pending, PercentWithinTarget);
}
