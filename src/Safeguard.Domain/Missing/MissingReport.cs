using NodaTime;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Missing;

/// <summary>What the missing report needs of one episode.</summary>
public readonly record struct EpisodeRow(
    string Reference, string ChildReference, Instant ReportedAt, RiskLevel RiskAtReport, Instant? AttendedAt, Instant? FoundAt, Instant? ReturnInterviewOfferedAt);

/// <summary>How one episode counted: its attendance (none when its risk has no target) and, once found, its return interview.</summary>
public sealed record EpisodeOutcome(TimedOutcome? Attendance, TimedOutcome? ReturnInterview);

public sealed record RiskFigures(RiskLevel Risk, Duration Target, TargetFigures Figures);

/// <summary>
/// The missing section of the report over episodes reported in the period. Attendance: episodes with an attendance
/// target (very low has none), by risk at report. Return home interview: episodes found, offered within 72 hours of being
/// found. Repeat children: distinct children with an episode reported in the period such that three or more of their
/// episodes were reported in the 90 days up to and including it (the half-open window (t − 90 days, t]); earlier
/// episodes before the period count.
/// </summary>
public sealed record MissingReport(int Population, TargetFigures Attendance, IReadOnlyList<RiskFigures> ByRisk, Duration ReturnInterviewTarget,
    TargetFigures ReturnInterview, int RepeatChildren);

/// <summary>
/// Builds a <see cref="MissingReport"/>. Give it every episode reported from <see cref="FirstNeeded"/> (the period's
/// start less the repeat window) to the period's end, in any order.
/// </summary>
public sealed class MissingReportBuilder(ReportPeriod period, MissingPolicy policy, Instant now)
{
    private static readonly RiskLevel[] Targeted = [RiskLevel.High, RiskLevel.Medium, RiskLevel.Low];
    private readonly Dictionary<RiskLevel, OutcomeCounts> _attendance = Targeted.ToDictionary(r => r, _ => new OutcomeCounts());
    private readonly OutcomeCounts _returnInterview = new();
    private readonly Dictionary<string, List<Instant>> _reportsByChild = new(StringComparer.Ordinal);
    private readonly HashSet<string> _childrenInPeriod = new(StringComparer.Ordinal);
    private int _population;

    /// <summary>The earliest report instant that can matter (for repeat missing).</summary>
    public Instant FirstNeeded => period.Start - policy.RepeatWindow;

    /// <summary>Adds an episode and says how it counted (null: reported outside the period, read for repeat missing only).</summary>
    public EpisodeOutcome? Add(in EpisodeRow row)
    {
        if (row.ReportedAt < FirstNeeded || row.ReportedAt >= period.End) return null;
        if (!_reportsByChild.TryGetValue(row.ChildReference, out var reports)) _reportsByChild[row.ChildReference] = reports = [];
        reports.Add(row.ReportedAt);
        if (!period.Contains(row.ReportedAt)) return null;

        _population++;
        _childrenInPeriod.Add(row.ChildReference);
        TimedOutcome? attendance = null, returnInterview = null;
        if (policy.AttendanceTarget(row.RiskAtReport) is { } target)
        {
            attendance = TimedOutcome.Of(row.ReportedAt, row.AttendedAt, target, now);
            _attendance[row.RiskAtReport].Add(attendance.Outcome);
        }
        if (row.FoundAt is { } found)
        {
            returnInterview = TimedOutcome.Of(found, row.ReturnInterviewOfferedAt, policy.ReturnInterview, now);
            _returnInterview.Add(returnInterview.Outcome);
        }
        return new EpisodeOutcome(attendance, returnInterview);
    }

    public MissingReport Build()
    {
        var byRisk = Targeted.Select(r => new RiskFigures(r, policy.AttendanceTarget(r)!.Value, _attendance[r].Figures())).ToList();
        var total = new OutcomeCounts();
        foreach (var counter in _attendance.Values) total.Add(counter);
        return new MissingReport(_population, total.Figures(), byRisk, policy.ReturnInterview, _returnInterview.Figures(), RepeatChildren());
    }

    private int RepeatChildren()
    {
        var count = 0;
        foreach (var child in _childrenInPeriod)
        {
            var reports = _reportsByChild[child];
            reports.Sort();
            // Two pointers over the sorted reports: the window (t − 90 days, t] for each report t in the period.
            var first = 0;
            for (var i = 0; i < reports.Count; i++)
            {
                while (reports[first] <= reports[i] - policy.RepeatWindow) first++;
                if (period.Contains(reports[i]) && i - first + 1 >= policy.RepeatEpisodes)
                {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

}

public static class RepeatMissing
{
    /// <summary>When a child first had <see cref="MissingPolicy.RepeatEpisodes"/> episodes within the repeat window; null if never.</summary>
    public static Instant? FlaggedSince(IEnumerable<Instant> reports, MissingPolicy policy) =>
        RollingWindow.FirstReached(reports, policy.RepeatEpisodes, policy.RepeatWindow);
}
