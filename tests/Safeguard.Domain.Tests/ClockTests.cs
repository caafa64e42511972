using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class ClockTests
{
    private static readonly Instant Created = Instant.FromUtc(2023, 6, 1, 12, 0);
    private static readonly Duration Hour = Duration.FromMinutes(60);

    [Fact]
    public void Evaluate_ArrivalAtExactlyTarget_IsMet()
    {
        var clock = new Clock(ClockKind.Attendance, Created, Hour, 0.75, Stop: Created + Hour);
        Assert.Equal(ClockState.Met, clock.Evaluate(Created + Hour));
    }

    [Fact]
    public void Evaluate_ArrivalOneSecondAfterTarget_IsMetLate()
    {
        var clock = new Clock(ClockKind.Attendance, Created, Hour, 0.75, Stop: Created + Hour + Duration.FromSeconds(1));
        Assert.Equal(ClockState.MetLate, clock.Evaluate(Created + Duration.FromHours(2)));
    }

    [Fact]
    public void Evaluate_NoArrival_RunningThenWarningThenBreachedOnlyAfterDue()
    {
        var clock = new Clock(ClockKind.Attendance, Created, Hour, 0.75);
        Assert.Equal(ClockState.Running, clock.Evaluate(Created + Duration.FromMinutes(44)));
        Assert.Equal(ClockState.Warning, clock.Evaluate(Created + Duration.FromMinutes(45)));
        Assert.Equal(ClockState.Warning, clock.Evaluate(Created + Hour));
        Assert.Equal(ClockState.Breached, clock.Evaluate(Created + Hour + Duration.FromTicks(1)));
    }

    [Fact]
    public void Evaluate_ClosedWithoutArrivalBeforeDue_IsCancelled()
    {
        var clock = new Clock(ClockKind.Attendance, Created, Hour, 0.75, Ended: Created + Duration.FromMinutes(10));
        Assert.Equal(ClockState.Cancelled, clock.Evaluate(Created + Duration.FromHours(3)));
    }

    [Fact]
    public void Evaluate_StopRecordedAfterNow_IsNotYetKnown()
    {
        var clock = new Clock(ClockKind.Attendance, Created, Hour, 0.75, Stop: Created + Duration.FromMinutes(50));
        Assert.Equal(ClockState.Running, clock.Evaluate(Created + Duration.FromMinutes(10)));
    }

    [Fact]
    public void Elapsed_AcrossSpringClockChange_IsFiftyMinutes()
    {
        // 00:50 GMT to 02:40 BST on 26 March 2023 is 50 minutes of real time, not 110.
        Assert.True(WallClock.TryParse("2023-03-26T00:50:00", WallClock.London, out var start, out _));
        Assert.True(WallClock.TryParse("2023-03-26T02:40:00", WallClock.London, out var stop, out _));
        Assert.Equal(Duration.FromMinutes(50), stop - start);
        var clock = new Clock(ClockKind.Attendance, start, Hour, 0.75, Stop: stop);
        Assert.Equal(ClockState.Met, clock.Evaluate(stop));
    }

    [Fact]
    public void Elapsed_AcrossAutumnClockChange_CountsTheRepeatedHour()
    {
        // 00:30 BST to 01:20 GMT on 29 October 2023 is 110 minutes: the hour 01:00–02:00 happens twice.
        Assert.True(WallClock.TryParse("2023-10-29T00:30:00", WallClock.London, out var start, out _));
        Assert.True(WallClock.TryParse("2023-10-29T01:20:00Z", WallClock.London, out var stop, out _));
        Assert.Equal(Duration.FromMinutes(110), stop - start);
        var clock = new Clock(ClockKind.Attendance, start, Hour, 0.75, Stop: stop);
        Assert.Equal(ClockState.MetLate, clock.Evaluate(stop));
    }

    [Fact]
    public void Evaluate_StateFollowsElapsedTime()
    {
        var gen =
            from startMinutes in Gen.Choose(0, 2_000_000)
            from targetMinutes in Gen.Choose(1, 3000)
            from offsetSeconds in Gen.Choose(-100, 400_000)
            from arrives in Gen.Elements(true, false)
            from warnPercent in Gen.Choose(1, 100)
            select (startMinutes, targetMinutes, offsetSeconds, arrives, warnPercent);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            // Start instants run from 2022 across both 2023 clock changes.
            var start = Instant.FromUtc(2022, 12, 1, 0, 0) + Duration.FromMinutes(t.startMinutes);
            var target = Duration.FromMinutes(t.targetMinutes);
            var at = start + Duration.FromSeconds(Math.Max(0, t.offsetSeconds));
            var clock = new Clock(ClockKind.Attendance, start, target, t.warnPercent / 100.0, Stop: t.arrives ? at : null);
            var now = start + Duration.FromSeconds(t.offsetSeconds);
            var state = clock.Evaluate(now);
            var elapsed = now - start;
            var expected = t.arrives && now >= at
                ? (at - start <= target ? ClockState.Met : ClockState.MetLate)
                : elapsed > target ? ClockState.Breached
                : now >= clock.WarningAt ? ClockState.Warning : ClockState.Running;
            return state == expected
                && clock.WarningAt >= start && clock.WarningAt <= clock.Due
                && clock.Due - clock.Start == target;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Classify_AgreesWithClockState()
    {
        var gen =
            from startMinutes in Gen.Choose(0, 600_000)
            from arrivalSeconds in Gen.Choose(0, 10_000)
            from nowSeconds in Gen.Choose(0, 20_000)
            from arrives in Gen.Elements(true, false)
            select (startMinutes, arrivalSeconds, nowSeconds, arrives);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var start = Instant.FromUtc(2023, 1, 1, 0, 0) + Duration.FromMinutes(t.startMinutes);
            Instant? arrival = t.arrives ? start + Duration.FromSeconds(t.arrivalSeconds) : null;
            var now = start + Duration.FromSeconds(t.nowSeconds);
            var outcome = AttendanceReportBuilder.Classify(start, arrival, Hour, now);
            var state = new Clock(ClockKind.Attendance, start, Hour, 0.75, Stop: arrival).Evaluate(arrival ?? now);
            return outcome switch
            {
                AttendanceOutcome.WithinTarget => state == ClockState.Met,
                AttendanceOutcome.Late => state == ClockState.MetLate,
                AttendanceOutcome.NotAttended => state == ClockState.Breached,
                AttendanceOutcome.Pending => state is ClockState.Running or ClockState.Warning,
            };
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(Grade.Immediate, "Central", 15)]
    [InlineData(Grade.Immediate, "new forest", 20)]
    [InlineData(Grade.Priority, "Central", 60)]
    [InlineData(Grade.Scheduled, null, 48 * 60)]
    public void TargetFor_DefaultPolicy_MatchesDesign(Grade grade, string? district, int minutes)
    {
        var policy = AttendancePolicy.Default with { RuralDistricts = new HashSet<string>(["New Forest"], StringComparer.OrdinalIgnoreCase) };
        Assert.Equal(Duration.FromMinutes(minutes), policy.TargetFor(grade, district));
    }

    [Fact]
    public void TargetFor_Resolution_HasNoClock()
    {
        Assert.Null(AttendancePolicy.Default.TargetFor(Grade.Resolution, null));
    }

    [Fact]
    public void AttendanceClock_InitialBasis_DowngradeKeepsPriorityTarget()
    {
        var facts = IncidentHistory.Project(
        [
            new IncidentCreated(Created, "cc", Grade.Priority, true, "Central", null),
            new IncidentRegraded(Created + Duration.FromMinutes(5), "cc", Grade.Scheduled, "Insp Test", "no risk"),
        ]);
        Assert.Equal(Hour, IncidentHistory.AttendanceClock(facts, AttendancePolicy.Default)!.Target);
        var final = AttendancePolicy.Default with { GradeBasis = GradeBasis.Final };
        Assert.Equal(Duration.FromHours(48), IncidentHistory.AttendanceClock(facts, final)!.Target);
    }
}
