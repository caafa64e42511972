using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Tests;

public class EscalationTests
{
    private static readonly Instant Start = Instant.FromUtc(2024, 2, 1, 12, 0);
    private static readonly EscalationPolicy Chain = EscalationPolicy.DefaultAttendance;
    private static readonly HashSet<string> None = [];
    private static readonly Duration CatchUp = Duration.FromHours(24);

    private static IEnumerable<string> Due(Clock clock, IReadOnlySet<string> fired, Instant now, Instant? knownSince = null) =>
        Chain.Due(clock.Entry(), fired, knownSince ?? Start, now, CatchUp).Select(s => s.Step.Name);

    private static Instant? Next(Clock clock, IReadOnlySet<string> fired, Instant? now = null, Instant? knownSince = null) =>
        Chain.Next(clock.Entry(), fired, knownSince ?? Start, now ?? Start, CatchUp);

    private static Clock Open() => new(ClockKind.Attendance, Start, Duration.FromMinutes(60), 0.75);

    [Fact]
    public void Due_BeforeWarning_IsNothing_AndNextIsTheWarning()
    {
        Assert.Empty(Due(Open(), None, Start + Duration.FromMinutes(44)));
        Assert.Equal(Start + Duration.FromMinutes(45), Next(Open(), None));
    }

    [Fact]
    public void Due_AtExactlyDue_IsOnlyTheWarning_BreachFiresJustAfter()
    {
        var due = Start + Duration.FromMinutes(60);
        Assert.Equal(["warning"], Due(Open(), None, due));
        Assert.Equal(due + Duration.Epsilon, Next(Open(), new HashSet<string> { "warning" }, due));
        Assert.Equal(["warning", "breach"], Due(Open(), None, due + Duration.Epsilon));
    }

    [Fact]
    public void Due_AfterDowntime_FiresEveryMissedStepOnceInOrder()
    {
        var steps = Due(Open(), None, Start + Duration.FromHours(3)).ToHashSet();
        Assert.Equal(["warning", "breach", "breach+30m"], Due(Open(), None, Start + Duration.FromHours(3)));
        Assert.Empty(Due(Open(), steps, Start + Duration.FromHours(3)));
        Assert.Null(Next(Open(), steps, Start + Duration.FromHours(3)));
    }

    [Fact]
    public void Due_ClockStoppedBeforeAStep_NeverFiresIt()
    {
        var met = Open() with { Stop = Start + Duration.FromMinutes(50) };
        Assert.Equal(["warning"], Due(met, None, Start + Duration.FromHours(3)));
        Assert.Null(Next(met, new HashSet<string> { "warning" }, Start + Duration.FromHours(3)));
    }

    [Fact]
    public void Due_StopAtExactlyDue_PreventsTheBreach()
    {
        var met = Open() with { Stop = Start + Duration.FromMinutes(60) };
        Assert.DoesNotContain("breach", Due(met, None, Start + Duration.FromHours(3)));
    }

    [Fact]
    public void Backfill_OfAClosedOrAttendedClock_RaisesNothingAboutThePast()
    {
        var imported = Start + Duration.FromDays(400);
        var attendedLate = Open() with { Stop = Start + Duration.FromHours(2) };
        Assert.Empty(Due(attendedLate, None, imported, knownSince: imported));
        Assert.Null(Next(attendedLate, None, imported, knownSince: imported));
        var neverAttended = Open();
        Assert.Empty(Due(neverAttended, None, imported, knownSince: imported));
        Assert.Null(Next(neverAttended, None, imported, knownSince: imported));
    }

    [Fact]
    public void LateEntry_OfAStillOpenClock_EscalatesAtOnce()
    {
        var entered = Start + Duration.FromMinutes(90);
        Assert.Equal(["warning", "breach"], Due(Open(), None, entered, knownSince: entered));
        Assert.Equal(Start + Duration.FromMinutes(45), Next(Open(), None, entered, knownSince: entered));
    }

    [Theory]
    [InlineData(24 * 60, true)]      // due exactly a day before it became known: a live problem, everyone told
    [InlineData(24 * 60 + 1, false)] // a minute more: history, no one told
    public void OldOpenClock_LearnedLate_TellsEveryoneInTheChainOnce_OrNoOne(int minutesOverdueWhenKnown, bool everyone)
    {
        var known = Start + Duration.FromMinutes(60 + minutesOverdueWhenKnown);
        var now = known + Duration.FromMinutes(5);
        var due = Due(Open(), None, now, knownSince: known).ToList();
        Assert.Equal(everyone ? ["warning", "breach", "breach+30m"] : [], due);
        // The decision does not change as time passes: a step is never left out of a chain the others fired in.
        var later = known + Duration.FromDays(3);
        Assert.Equal(due, Due(Open(), None, later, knownSince: known));
        Assert.Equal(everyone ? Start + Duration.FromMinutes(45) : null, Next(Open(), None, known, knownSince: known));
    }

    [Fact]
    public void AfterARestart_AStepThatCameDueWhileDown_FiresOnceEvenIfTheClockHasSinceStopped()
    {
        var metAfterBreach = Open() with { Stop = Start + Duration.FromMinutes(70) };
        Assert.Equal(["warning", "breach"], Due(metAfterBreach, None, Start + Duration.FromHours(5)));
    }
}
