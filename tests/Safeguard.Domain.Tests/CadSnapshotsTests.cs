using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.Domain.Tests;

/// <summary>
/// Snapshots of one incident from command and control, received in any order and any number of times, leave the
/// incident as they say; in their own order they are the events a control room would have sent one by one.
/// </summary>
public class CadSnapshotsTests
{
    private static readonly Instant Call = Instant.FromUtc(2024, 10, 27, 0, 40); // the night the clocks go back
    private static readonly Instant Now = Call + Duration.FromDays(1);

    private static Instant At(int minutes) => Call + Duration.FromMinutes(minutes);

    /// <summary>A call at 00:40, graded priority, upgraded at 00:44, a unit assigned at 00:45, on scene at 00:52, closed at 01:30.</summary>
    private static readonly CadSnapshot[] Story =
    [
        new(At(1), Grade.Priority, false, Call, District: "North", Category: "Domestic"),
        new(At(4), Grade.Immediate, false, Call, District: "North", Category: "Domestic"),
        new(At(5), Grade.Immediate, false, Call, DispatchedAt: At(5), District: "North", Category: "Domestic", ChildrenInvolved: true),
        new(At(12), Grade.Immediate, false, Call, DispatchedAt: At(5), ArrivedAt: At(12), District: "North", Category: "Domestic"),
        new(At(50), Grade.Immediate, true, Call, District: "North", Category: "Domestic"),
    ];

    /// <summary>The facts after each snapshot arrives in this order, each plan applied as the store would apply it.</summary>
    private static (IncidentFacts Facts, List<IncidentEvent> History) Receive(IEnumerable<CadSnapshot> arrivals)
    {
        var received = new List<CadSnapshot>();
        IncidentFacts? facts = null;
        var history = new List<IncidentEvent>();
        foreach (var snapshot in arrivals)
        {
            received.Add(snapshot);
            var plan = CadSnapshots.Plan(facts, CadSnapshots.Merge(received), "api:cad", Now);
            IncidentEvent[] events = plan.Restate is { } restated ? [new IncidentRecorded(Now, "api:cad", plan.Why, restated)] : [.. plan.Events];
            foreach (var e in events)
            {
                if (facts is not null) Assert.Null(IncidentHistory.Check(facts, e, Now));
                facts = IncidentHistory.Apply(facts, e);
                history.Add(e);
            }
        }
        return (facts!, history);
    }

    [Fact]
    public void InTheirOwnOrder_SnapshotsBecomeTheEventsOfTheIncident()
    {
        var (facts, history) = Receive(Story);

        Assert.Equal(["IncidentCreated", "IncidentRegraded", "IncidentChildrenInvolved", "IncidentDispatched", "IncidentArrived", "IncidentClosed"],
            history.Select(e => e.GetType().Name));
        Assert.Equal([Call, At(4), At(5), At(5), At(12), At(50)], history.Select(e => e.At));
        Assert.Equal(Grade.Priority, facts.InitialGrade);
        Assert.Equal(Grade.Immediate, facts.CurrentGrade);
        Assert.True(facts.ChildrenInvolved); // named by the third snapshot, and not taken away by the later ones
        Assert.Equal((At(5), At(12), At(50)), (facts.DispatchedAt, facts.ArrivedAt, facts.ClosedAt));
        Assert.Equal(CadSnapshots.RegradedReason, history[1].Reason);
    }

    [Fact]
    public void InEveryOrder_AndTwice_TheIncidentEndsAsItsSnapshotsSay()
    {
        var expected = Receive(Story).Facts;
        foreach (var order in Permutations(Story))
        {
            var (facts, _) = Receive([.. order, .. order.Take(2)]);
            Assert.Equal(expected, facts);
        }
    }

    [Fact]
    public void ARepeatedSnapshot_ChangesNothing()
    {
        var once = CadSnapshots.Merge(Story);
        var plan = CadSnapshots.Plan(once.Facts, CadSnapshots.Merge([.. Story, Story[2], Story[4]]), "api:cad", Now);
        Assert.Empty(plan.Events);
        Assert.Null(plan.Restate);
    }

    [Fact]
    public void ALateSnapshot_ThatEventsCannotSay_IsStatedOnce_WithWhy()
    {
        // Closed first: the arrival arrives after the incident is closed, and closure refuses events.
        var (facts, history) = Receive([Story[0], Story[4], Story[3]]);

        Assert.Equal(["IncidentCreated", "IncidentRegraded", "IncidentClosed", "IncidentRecorded"], history.Select(e => e.GetType().Name));
        Assert.Equal("The incident is closed.", history[3].Reason);
        Assert.Equal(At(12), facts.ArrivedAt);
    }

    [Fact]
    public void ADowngrade_NamesNoSupervisor_SoItIsStated_NotAppendedAsARegrade()
    {
        var plan = CadSnapshots.Plan(CadSnapshots.Merge([Story[1]]).Facts, CadSnapshots.Merge([Story[1], Story[1] with { At = At(20), Grade = Grade.Scheduled }]), "api:cad", Now);

        Assert.Empty(plan.Events);
        Assert.Equal(Grade.Scheduled, plan.Restate!.CurrentGrade);
        Assert.Equal(Grade.Immediate, plan.Restate.InitialGrade);
        Assert.Contains("supervisor", plan.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatSafeguardRecordedItself_Stays()
    {
        // An officer's arrival recorded in Safeguard before command and control's, and children named there.
        var held = CadSnapshots.Merge([Story[0]]).Facts with { ArrivedAt = At(3), ChildrenInvolved = true };
        var later = Story[0] with { At = At(12), DispatchedAt = At(5), ArrivedAt = At(12) };
        var plan = CadSnapshots.Plan(held, CadSnapshots.Merge([Story[0], later]), "api:cad", Now);

        Assert.Equal(["IncidentDispatched"], plan.Events.Select(e => e.GetType().Name));
        Assert.Null(plan.Restate);
    }

    [Fact]
    public void AReopenedIncident_IsNoLongerClosed()
    {
        var reopened = Story[4] with { At = At(60), Closed = false };
        var state = CadSnapshots.Merge([.. Story, reopened]);
        Assert.Null(state.Facts.ClosedAt);

        var closedAgain = CadSnapshots.Merge([.. Story, reopened, reopened with { At = At(70), Closed = true }]);
        Assert.Equal(At(70), closedAgain.Facts.ClosedAt);
    }

    [Fact]
    public void ChildrenFoundInvolved_StartTheChildClocksFromTheCall_AndOnce()
    {
        var facts = CadSnapshots.Merge([Story[0]]).Facts;
        Assert.DoesNotContain(IncidentHistory.Obligations(facts, SafeguardPolicy.Default), o => o.Clock.Kind == ClockKind.ChildSeen);

        var found = new IncidentChildrenInvolved(At(5), "api:cad");
        Assert.Null(IncidentHistory.Check(facts with { ClosedAt = At(2) }, found, Now)); // learned of after the close, still owed
        var involved = IncidentHistory.Apply(facts, found);
        var seen = IncidentHistory.Obligations(involved, SafeguardPolicy.Default).Single(o => o.Clock.Kind == ClockKind.ChildSeen);
        Assert.Equal(Call, seen.Clock.Start);
        Assert.True(IncidentHistory.Check(involved, found, Now)!.IsConflict);
    }

    [Fact]
    public void CreatedAt_IsTheEarliestTimeAnySnapshotStates()
    {
        var withoutCall = Story[3] with { CallStartedAt = null };
        Assert.Equal(At(5), CadSnapshots.Merge([withoutCall]).Facts.CreatedAt);
        Assert.Equal(Call, CadSnapshots.Merge([withoutCall, Story[0]]).Facts.CreatedAt);
    }

    /// <summary>A random incident's snapshots, received in a random order with repeats, end as they say in their own order.</summary>
    [Fact]
    public void AnyIncident_InAnyOrder_EndsAsItsSnapshotsSay()
    {
        var grades = Enum.GetValues<Grade>();
        var gen =
            from count in Gen.Choose(1, 7)
            from steps in Gen.ListOf(Gen.Choose(0, 30), count)
            from graded in Gen.ListOf(Gen.Elements(grades), count)
            from dispatchAt in Gen.Choose(-1, 120)
            from arriveAfter in Gen.Choose(-1, 120)
            from closedLast in Gen.Elements(true, false)
            from child in Gen.Choose(-1, count - 1)
            from seed in Gen.Choose(0, int.MaxValue)
            select (steps, graded, dispatchAt, arriveAfter, closedLast, child, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var snapshots = new List<CadSnapshot>();
            var minute = 1;
            for (var i = 0; i < t.steps.Count; i++)
            {
                minute += t.steps[i];
                Instant? dispatched = t.dispatchAt >= 0 && t.dispatchAt <= minute ? At(t.dispatchAt) : null;
                Instant? arrived = dispatched is not null && t.arriveAfter >= 0 && t.dispatchAt + t.arriveAfter <= minute ? At(t.dispatchAt + t.arriveAfter) : null;
                var closed = t.closedLast && i == t.steps.Count - 1;
                snapshots.Add(new CadSnapshot(At(minute), t.graded[i], closed, Call, dispatched, arrived, "North", null, t.child == i));
            }
            var random = new Random(t.seed);
            var arrivals = snapshots.Concat(snapshots.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();

            var expected = CadSnapshots.Merge(snapshots).Facts;
            var (facts, _) = Receive(arrivals);
            return (facts.CreatedAt, facts.InitialGrade, facts.CurrentGrade, facts.ChildrenInvolved, facts.DispatchedAt, facts.ArrivedAt, facts.ClosedAt)
                == (expected.CreatedAt, expected.InitialGrade, expected.CurrentGrade, expected.ChildrenInvolved, expected.DispatchedAt, expected.ArrivedAt, expected.ClosedAt);
        }).QuickCheckThrowOnFailure();
    }

    private static IEnumerable<List<T>> Permutations<T>(IReadOnlyList<T> items)
    {
        if (items.Count <= 1)
        {
            yield return [.. items];
            yield break;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }
}
