using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Reporting;

/// <summary>How one incident in the population stands against its attendance target at the report's "now".</summary>
/// <summary>One obligation a report section judged: when its time started, when it was due, when it was done, and the outcome.</summary>
public sealed record TimedOutcome(Instant Start, Instant Due, Instant? Stopped, AttendanceOutcome Outcome)
{
    public static TimedOutcome Of(Instant start, Instant? stopped, Duration target, Instant now) =>
        new(start, start + target, stopped, AttendanceReportBuilder.Classify(start, stopped, target, now));

    /// <summary>Whether it missed the target: done late, or not done and past due.</summary>
    public bool Missed => Outcome is AttendanceOutcome.Late or AttendanceOutcome.NotAttended;
}

public enum AttendanceOutcome
{
    /// <summary>First arrival − created ≤ target (an arrival at exactly the target is within it).</summary>
    WithinTarget,
    /// <summary>Arrived after the target.</summary>
    Late,
    /// <summary>No arrival and the target has passed.</summary>
    NotAttended,
    /// <summary>No arrival and the target has not yet passed.</summary>
    Pending,
}

/// <summary>What the report needs of one incident.</summary>
public readonly record struct AttendanceRow(
    string Reference, Instant CreatedAt, Grade InitialGrade, Grade FinalGrade, bool ChildrenInvolved, string? District, Instant? ArrivedAt,
    Instant? ReassessedAt = null, Instant? CallerToldAt = null, DelayActions NotInSource = DelayActions.None);

/// <summary>
/// Delayed incidents are those not attended before the clock's warning instant. Of them: how many had a THRIVE
/// reassessment at or before the due instant, and how many callers were told of the delay before the first arrival
/// (or at all, when nobody arrived), with each action taken apart (<see cref="DelayedAction"/>).
/// </summary>
public sealed record DelayedFigures(int Population, DelayedAction Reassessment, DelayedAction CallerUpdate)
{
    public int ReassessedBeforeBreach => Reassessment.InTime;
    public double? PercentReassessedBeforeBreach => Reassessment.PercentInTime;
    public int CallerTold => CallerUpdate.InTime;
    public double? PercentCallerTold => CallerUpdate.PercentInTime;
}

/// <summary>
/// One delay action over the delayed incidents, each in one of three: <see cref="Recorded"/> (a time is held; of them
/// <see cref="InTime"/> in time), <see cref="NotRecorded"/> (none is held; of them <see cref="NotInSource"/> came from a
/// source that does not record the action at all, so nothing is known either way), or <see cref="NotApplicable"/>
/// (none is held and the incident is still within its target at the report's now: not yet owed). The percentage in time
/// is over the incidents where the action was owed and could be known: population − not applicable − not in source;
/// null when there are none, so history without the action reads "not recorded", never 0%.
/// </summary>
public sealed record DelayedAction(int Recorded, int InTime, int NotRecorded, int NotInSource, int NotApplicable, double? PercentInTime);

/// <summary>The counts for one group of incidents. Percent and median are null when there is nothing to divide.</summary>
public sealed record AttendanceFigures(
    int Population, int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget, double? MedianMinutes);

public sealed record DistrictFigures(string? District, AttendanceFigures Figures);

public sealed record MonthFigures(YearMonth Month, AttendanceFigures Figures);

/// <summary>A row behind a figure that missed the target, for drill-down.</summary>
public sealed record AttendanceException(string Reference, Instant CreatedAt, string? District, Instant? ArrivedAt, AttendanceOutcome Outcome);

/// <summary>
/// Attendance compliance for child-involved incidents of one grade (priority by default) created in a period.
/// percentWithinTarget = 100 × within / (population − pending), rounded half away from zero to 1 decimal place.
/// </summary>
public sealed record AttendanceReport(
    ReportPeriod Period,
    Grade Grade,
    GradeBasis GradeBasis,
    Duration Target,
    double TargetPercent,
    AttendanceFigures Total,
    DelayedFigures Delayed,
    IReadOnlyList<DistrictFigures> ByDistrict,
    IReadOnlyList<MonthFigures> ByMonth);

/// <summary>
/// Builds an <see cref="AttendanceReport"/> from rows streamed in any order. The population rule lives here: rows that
/// are not child-involved, not of the grade on the policy's basis, or created outside the period are ignored.
/// </summary>
public sealed class AttendanceReportBuilder(ReportPeriod period, AttendancePolicy policy, Instant now, Grade grade = Grade.Priority)
{
    private readonly Tally _total = new();
    private readonly SortedDictionary<string, Tally> _districts = new(StringComparer.Ordinal);
    private readonly Tally _noDistrict = new();
    private readonly Tally[] _months = [.. period.Months().Select(_ => new Tally())];
    private int _delayed;
    private ActionCounts _reassessment, _callerUpdate;

    private struct ActionCounts
    {
        public int Recorded, InTime, NotRecorded, NotInSource, NotApplicable;

        public void Add(Instant? at, bool inTime, bool notInSource, bool pending)
        {
            if (at is not null)
            {
                Recorded++;
                if (inTime) InTime++;
            }
            else if (pending) NotApplicable++;
            else
            {
                NotRecorded++;
                if (notInSource) NotInSource++;
            }
        }

        public readonly DelayedAction Figures(int population) =>
            new(Recorded, InTime, NotRecorded, NotInSource, NotApplicable, Percent(InTime, population - NotApplicable - NotInSource));
    }
    private readonly Duration _warningAfter = WarningAfter(policy, grade);
    private readonly Duration _target = policy.TargetFor(grade, null)
        ?? throw new ArgumentException($"Grade {grade.Name()} has no attendance target.", nameof(grade));

    public ReportPeriod Period => period;

    public bool InPopulation(in AttendanceRow row) =>
        row.ChildrenInvolved
        && (policy.GradeBasis == GradeBasis.Initial ? row.InitialGrade : row.FinalGrade) == grade
        && period.Contains(row.CreatedAt);

    public AttendanceOutcome Classify(in AttendanceRow row) => Classify(row.CreatedAt, row.ArrivedAt, _target, now);

    public static AttendanceOutcome Classify(Instant createdAt, Instant? arrivedAt, Duration target, Instant now)
    {
        if (arrivedAt is { } arrived)
            return arrived - createdAt <= target ? AttendanceOutcome.WithinTarget : AttendanceOutcome.Late;
        return now > createdAt + target ? AttendanceOutcome.NotAttended : AttendanceOutcome.Pending;
    }

    /// <summary>Adds a row; returns its outcome, or null when it is not in the population.</summary>
    public AttendanceOutcome? Add(in AttendanceRow row)
    {
        if (!InPopulation(row)) return null;
        var outcome = Classify(row);
        double? minutes = row.ArrivedAt is { } a ? (a - row.CreatedAt).TotalMinutes : null;
        _total.Add(outcome, minutes);
        var district = string.IsNullOrWhiteSpace(row.District) ? null : row.District;
        if (district is null)
        {
            _noDistrict.Add(outcome, minutes);
        }
        else
        {
            if (!_districts.TryGetValue(district, out var tally)) _districts[district] = tally = new Tally();
            tally.Add(outcome, minutes);
        }
        _months[period.MonthIndex(row.CreatedAt)].Add(outcome, minutes);
        CountDelay(row);
        return outcome;
    }

    /// <summary>How long after creation the clock warns, worked out by <see cref="Clock"/> itself once.</summary>
    private static Duration WarningAfter(AttendancePolicy policy, Grade grade)
    {
        var start = Instant.FromUnixTimeTicks(0);
        return new Clock(ClockKind.Attendance, start, policy.TargetFor(grade, null) ?? Duration.Zero, policy.WarningFraction).WarningAt - start;
    }

    private void CountDelay(in AttendanceRow row)
    {
        // The clock's own instants, without building a Clock per row (this runs once for every incident in the report).
        var warningAt = row.CreatedAt + _warningAfter;
        var due = row.CreatedAt + _target;
        var delayed = row.ArrivedAt is { } arrived ? arrived >= warningAt : now >= warningAt;
        if (!delayed) return;
        _delayed++;
        var pending = row.ArrivedAt is null && now < due;
        _reassessment.Add(row.ReassessedAt, row.ReassessedAt <= due, row.NotInSource.HasFlag(DelayActions.Reassessment), pending);
        _callerUpdate.Add(row.CallerToldAt, row.ArrivedAt is null || row.CallerToldAt <= row.ArrivedAt, row.NotInSource.HasFlag(DelayActions.CallerUpdate), pending);
    }

    public AttendanceReport Build()
    {
        var districts = _districts.Select(d => new DistrictFigures(d.Key, d.Value.Figures())).ToList();
        if (_noDistrict.Population > 0) districts.Add(new DistrictFigures(null, _noDistrict.Figures()));
        var months = period.Months().Select((m, i) => new MonthFigures(m, _months[i].Figures())).ToList();
        var delayed = new DelayedFigures(_delayed, _reassessment.Figures(_delayed), _callerUpdate.Figures(_delayed));
        return new AttendanceReport(period, grade, policy.GradeBasis, _target, policy.PriorityTargetPercent, _total.Figures(), delayed, districts, months);
    }

    /// <summary>100 × part / whole to 1 decimal place, half away from zero; null when whole is 0.</summary>
    public static double? Percent(int part, int whole) =>
        whole == 0 ? null : (double)Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The median (mean of the two middle values for an even count) to 1 decimal place; null when empty. Reorders
    /// <paramref name="values"/>: it selects the middle in linear expected time rather than sorting.
    /// </summary>
    public static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
        var upper = span.Length / 2;
        var high = Select(span, upper);
        double median;
        if (span.Length % 2 == 1)
        {
            median = high;
        }
        else
        {
            // After selection everything left of the middle is ≤ it, so the lower middle is the largest of them.
            var low = double.MinValue;
            foreach (var v in span[..upper]) low = Math.Max(low, v);
            median = (low + high) / 2;
        }
        return (double)Math.Round((decimal)median, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Rearranges <paramref name="values"/> so the k-th smallest is at index k (Hoare's selection) and returns it.</summary>
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            var pivot = values[left + ((right - left) / 2)];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return values[k];
    }

    private sealed class Tally
    {
        private readonly List<double> _minutes = [];
        private readonly OutcomeCounts _counts = new();

        public int Population => _counts.Population;

        public void Add(AttendanceOutcome outcome, double? minutes)
        {
            _counts.Add(outcome);
            if (minutes is { } m) _minutes.Add(m);
        }

        public AttendanceFigures Figures() =>
            new(_counts.Population, _counts.WithinTarget, _counts.Late, _counts.NotDone, _counts.Pending, _counts.PercentWithinTarget, Median(_minutes));
    }
}
