using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Tests;

/// <summary>
/// The ledger keeps a clock as its entry (the instants that decide its state); every reader's state comes from the
/// entry. These properties hold the entry to the domain's own evaluation of the clock, at every instant.
/// </summary>
public class ClockLedgerPropertyTests
{
    private static readonly Instant Origin = Instant.FromUtc(2023, 3, 26, 0, 0); // the night the clocks go forward

    private static readonly ClockKind[] Kinds = Enum.GetValues<ClockKind>();

    /// <summary>A clock with any target and warning, and any of a stop, an end and a withdrawal, in any order.</summary>
    private static Gen<Clock> Clocks() =>
        from kind in Gen.Elements(Kinds)
        from targetMinutes in Gen.Choose(1, 5000)
        from warnPercent in Gen.Choose(1, 100)
        from stop in Gen.Choose(-1, 8000)
        from ended in Gen.Choose(-1, 8000)
        from withdrawn in Gen.Choose(-1, 8000)
        select new Clock(kind, Origin, Duration.FromMinutes(targetMinutes), warnPercent / 100.0,
            Stop: stop < 0 ? null : Origin + Duration.FromMinutes(stop),
            Ended: ended < 0 ? null : Origin + Duration.FromMinutes(ended),
            Withdrawn: withdrawn < 0 ? null : Origin + Duration.FromMinutes(withdrawn));

    [Fact]
    public void Entry_StateAt_EqualsTheClocksOwnEvaluation_AtEveryInstant()
    {
        var gen = from clock in Clocks() from minutes in Gen.Choose(-100, 9000) from ticks in Gen.Choose(-1, 1) select (clock, at: Origin + Duration.FromMinutes(minutes) + Duration.FromTicks(ticks));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var entry = t.clock.Entry();
            return entry.StateAt(t.at) == t.clock.Evaluate(t.at)
                && entry.Due == t.clock.Due && entry.WarningAt == t.clock.WarningAt
                && (!ClockStates.IsRunning(entry.StateAt(t.at)) || entry.Remaining(t.at) == t.clock.Remaining(t.at));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Entry_OfAPausedClock_EqualsTheClock_OnceThePausesAreKnown()
    {
        var gen =
            from clock in Clocks()
            from from1 in Gen.Choose(0, 3000)
            from length in Gen.Choose(1, 600)
            from open in Gen.Elements(true, false)
            from after in Gen.Choose(0, 6000)
            let pause = new ClockPause(Origin + Duration.FromMinutes(from1), open ? null : Origin + Duration.FromMinutes(from1 + length), "reason", "author")
            let lastChange = pause.Until ?? pause.From
            // A clock is paused only while it runs: a stop comes after its pauses, or there is none.
            let stop = clock.Stop is { } s && s >= lastChange ? s : (Instant?)null
            select (clock: clock with { Pauses = [pause], Stop = stop, Ended = null, Withdrawn = null }, at: lastChange + Duration.FromMinutes(after));
        Prop.ForAll(gen.ToArbitrary(), t => t.clock.Entry().StateAt(t.at) == t.clock.Evaluate(t.at)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Settled_IsTheStateAtTheClosingInstant_AndAnOpenClockHasNone()
    {
        Prop.ForAll(Clocks().ToArbitrary(), clock =>
        {
            var entry = clock.Entry();
            return entry.ClosedAt is { } closed
                ? entry.Settled == clock.Evaluate(closed) && !entry.OpenAt(closed) && entry.OpenAt(closed - Duration.Epsilon)
                : entry.Settled is null && entry.OpenAt(Instant.MaxValue);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Random incident histories: the obligations the ledger keeps are one per (kind, cycle), and evaluate as their clocks do.</summary>
    [Fact]
    public void IncidentObligations_AreOnePerKindAndCycle_AndTheirEntriesAgreeWithTheirClocks()
    {
        var gen =
            from grade in Gen.Elements(Enum.GetValues<Grade>())
            from children in Gen.Elements(true, false)
            from named in Gen.Choose(0, 3)
            from seen in Gen.ListOf(Gen.Choose(0, 3000), 3)
            from notice in Gen.Choose(-1, 3000)
            from waiver in Gen.Choose(-1, 3000)
            from arrival in Gen.Choose(-1, 200)
            from closed in Gen.Choose(-1, 4000)
            from at in Gen.Choose(0, 6000)
            select (grade, children, named, seen, notice, waiver, arrival, closed, at);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var facts = new IncidentFacts(Origin, t.grade, t.grade, t.children, "North", null, null,
                t.arrival < 0 ? null : Origin + Duration.FromMinutes(t.arrival), t.closed < 0 ? null : Origin + Duration.FromMinutes(t.closed));
            var events = new List<IncidentEvent>();
            for (var i = 0; i < t.named && t.children; i++)
            {
                events.Add(new IncidentChildLinked(Origin, "x", $"C-{i}"));
                if (t.seen[i] % 2 == 0) events.Add(new IncidentChildSeen(Origin + Duration.FromMinutes(t.seen[i]), "x", $"C-{i}"));
            }
            if (t.notice >= 0) events.Add(new IncidentNoticeLinked(Origin + Duration.FromMinutes(t.notice), "x", "N-1", Origin + Duration.FromMinutes(t.notice)));
            if (t.waiver >= 0 && t.children) events.Add(new IncidentNoticeNotNeeded(Origin + Duration.FromMinutes(t.waiver), "sup", "why"));
            foreach (var e in events) facts = IncidentHistory.Apply(facts, e);
            var obligations = IncidentHistory.Obligations(facts, SafeguardPolicy.Default);
            var now = Origin + Duration.FromMinutes(t.at);
            var unique = obligations.Select(o => (o.Clock.Kind, o.Cycle)).Distinct().Count() == obligations.Count;
            var agree = obligations.All(o => o.Clock.Entry().StateAt(now) == o.Clock.Evaluate(now));
            var oneNoticeClock = obligations.Count(o => o.Clock.Kind == ClockKind.NoticeDue) == (t.children ? 1 : 0);
            var childClocks = obligations.Count(o => o.Clock.Kind == ClockKind.ChildSeen) == (t.children ? Math.Max(1, t.named) : 0);
            return unique && agree && oneNoticeClock && childClocks;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void NoticeDue_IsMetByTheFirstNotice_OrWithdrawnByAReasonRecordedFirst()
    {
        var facts = new IncidentFacts(Origin, Grade.Scheduled, Grade.Scheduled, true, null, null, null, null, null);
        Clock Due(params IncidentEvent[] events) =>
            IncidentHistory.Obligations(events.Aggregate(facts, IncidentHistory.Apply), SafeguardPolicy.Default).Single(o => o.Clock.Kind == ClockKind.NoticeDue).Clock;
        var later = Origin + Duration.FromDays(5);
        Assert.Equal(ClockState.Met, Due(new IncidentNoticeLinked(Origin, "o", "N-1", Origin + Duration.FromHours(24))).Evaluate(later)); // exactly 24 h
        Assert.Equal(ClockState.MetLate, Due(new IncidentNoticeLinked(Origin, "o", "N-1", Origin + Duration.FromHours(24) + Duration.Epsilon)).Evaluate(later));
        Assert.Equal(ClockState.Cancelled, Due(new IncidentNoticeNotNeeded(Origin + Duration.FromHours(30), "s", "why"),
            new IncidentNoticeLinked(Origin, "o", "N-1", Origin + Duration.FromHours(40))).Evaluate(later)); // the reason came first
        Assert.Equal(ClockState.Met, Due(new IncidentNoticeLinked(Origin, "o", "N-1", Origin + Duration.FromHours(2)),
            new IncidentNoticeNotNeeded(Origin + Duration.FromHours(3), "s", "why")).Evaluate(later));
        Assert.Equal(ClockState.Breached, Due().Evaluate(later));
        Assert.Equal(ClockState.Breached, Due(new IncidentClosed(Origin + Duration.FromHours(1), "cc")).Evaluate(later)); // closing does not end it
        // A notice that is no longer about the incident no longer stops its clock.
        Assert.Equal(ClockState.Breached, Due(new IncidentNoticeLinked(Origin, "o", "N-1", Origin + Duration.FromHours(2)), new IncidentNoticeUnlinked(later, "i", "N-1")).Evaluate(later));
    }

    [Fact]
    public void Vocabulary_GivesEveryStateOneNameWordsAndColour_AndDoneLateIsNeverGreen()
    {
        var states = Enum.GetValues<ClockState>();
        Assert.Equal(states.Length, states.Select(ClockStates.Name).Distinct().Count());
        Assert.Equal(states.Length, states.Select(s => ClockStates.Words(s)).Distinct().Count());
        Assert.All(states, s => Assert.True(ClockStates.TryParse(ClockStates.Name(s), out var back) && back == s));
        Assert.NotEqual(ClockColour.Green, ClockStates.Colour(ClockState.MetLate));
        Assert.NotEqual(ClockColour.Green, ClockStates.Colour(ClockState.Cancelled));
        Assert.Equal("Done late", ClockStates.Words(ClockState.MetLate));
        Assert.Equal("Not done", ClockStates.Words(ClockState.Breached, closed: true));
        Assert.Equal("overdue by 2 h 05 min", ClockStates.TimeLeft(-Duration.FromMinutes(125)));
        Assert.Equal("24 h left", ClockStates.TimeLeft(Duration.FromHours(24)));
        Assert.Equal("3 d 4 h left", ClockStates.TimeLeft(Duration.FromHours(76)));
    }

    [Fact]
    public void Policy_NamesAChainForEveryKindButSubmission()
    {
        foreach (var kind in Kinds)
            Assert.Equal(kind != ClockKind.NoticeSubmission, SafeguardPolicy.Default.ChainFor(kind) is not null);
    }

    [Fact]
    public void Clock_WithATargetThatIsNotPositive_OrAWarningOutsideTheTarget_CannotBeBuilt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock(ClockKind.Attendance, Origin, Duration.Zero, 0.75));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock(ClockKind.Attendance, Origin, Duration.FromHours(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock(ClockKind.Attendance, Origin, Duration.FromHours(1), 1.01));
        var clock = new Clock(ClockKind.Attendance, Origin, Duration.FromHours(1), 0.75);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock with { Target = -Duration.FromMinutes(1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => clock with { WarningFraction = double.NaN });
    }
}
