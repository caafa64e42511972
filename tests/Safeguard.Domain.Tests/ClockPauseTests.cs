using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Tests;

public class ClockPauseTests
{
    private static readonly Instant Start = Instant.FromUtc(2024, 3, 31, 0, 30); // the night the clocks go forward
    private static readonly Duration Day = Duration.FromHours(24);

    private static Clock With(params ClockPause[] pauses) => new(ClockKind.Attendance, Start, Day, 0.75, Pauses: pauses);

    [Fact]
    public void FinishedPause_MovesDueAndWarningOnByItsLength()
    {
        var clock = With(new ClockPause(Start + Duration.FromHours(2), Start + Duration.FromHours(5), "child in hospital", "Sgt A"));
        Assert.Equal(Start + Day + Duration.FromHours(3), clock.Due);
        Assert.Equal(Start + Duration.FromHours(18 + 3), clock.WarningAt);
        Assert.Equal(Duration.FromHours(3), clock.Paused(Start + Duration.FromDays(2)));
        Assert.Equal(ClockState.Running, clock.Evaluate(Start + Duration.FromHours(20)));
        Assert.Equal(ClockState.Warning, clock.Evaluate(Start + Duration.FromHours(21)));
        Assert.Equal(ClockState.Warning, clock.Evaluate(clock.Due));
        Assert.Equal(ClockState.Breached, clock.Evaluate(clock.Due + Duration.FromSeconds(1)));
    }

    [Fact]
    public void OpenPause_IsPausedAndKeepsTime_UntilResumed()
    {
        var clock = With(new ClockPause(Start + Duration.FromHours(2), null, "awaiting interpreter", "Sgt A"));
        var now = Start + Duration.FromHours(30);
        Assert.Equal(ClockState.Paused, clock.Evaluate(now));
        Assert.Equal(Duration.FromHours(22), clock.Remaining(now));
        Assert.Equal(now + Duration.FromHours(22), clock.DueAsOf(now));
    }

    [Fact]
    public void StopDuringOrAfterPause_IsJudgedOnTimeThatCounts()
    {
        var clock = With(new ClockPause(Start + Duration.FromHours(1), Start + Duration.FromHours(3), "reason", "Sgt A"))
            with
        { Stop = Start + Day + Duration.FromHours(2) };
        Assert.Equal(ClockState.Met, clock.Evaluate(Start + Duration.FromDays(3)));
        var late = clock with { Stop = Start + Day + Duration.FromHours(2) + Duration.FromSeconds(1) };
        Assert.Equal(ClockState.MetLate, late.Evaluate(Start + Duration.FromDays(3)));
    }

    [Fact]
    public void PauseAfterBreach_DoesNotUnbreach()
    {
        var clock = With(new ClockPause(Start + Day + Duration.FromHours(1), null, "reason", "Sgt A"));
        Assert.Equal(ClockState.Breached, clock.Evaluate(Start + Day + Duration.FromHours(2)));
    }

    [Fact]
    public void Attendance_NeverAllowsPause() => Assert.False(ClockKinds.AllowsPause(ClockKind.Attendance));
}
