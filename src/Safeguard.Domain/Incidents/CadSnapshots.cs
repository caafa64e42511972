using NodaTime;

namespace Safeguard.Domain.Incidents;

/// <summary>
/// What one snapshot of an incident from command and control (an EIDO document) says, as of <see cref="At"/>: its grade
/// then, whether it was closed then, and the earliest times it shows for the call, the first resource assigned and the
/// first on scene. <see cref="ChildrenInvolved"/>: it names a person under 18.
/// </summary>
public sealed record CadSnapshot(Instant At, Grade Grade, bool Closed, Instant? CallStartedAt = null, Instant? DispatchedAt = null,
    Instant? ArrivedAt = null, string? District = null, string? Category = null, bool ChildrenInvolved = false)
{
    /// <summary>The earliest time the snapshot states: the incident cannot have been created after it.</summary>
    public Instant Earliest => new[] { CallStartedAt, DispatchedAt, ArrivedAt }.Where(t => t is not null).Select(t => t!.Value).Append(At).Min();
}

/// <summary>
/// The facts every snapshot received so far amounts to; since when the incident has had its current grade; and when a
/// snapshot first named a child (null: none has).
/// </summary>
public sealed record CadState(IncidentFacts Facts, Instant GradedAt, Instant? ChildrenFoundAt = null);

/// <summary>
/// What to append to bring an incident to what command and control says: <see cref="Events"/> (none when nothing
/// changed), or, when events cannot say it (a snapshot arrived late, a downgrade that names no supervisor, an incident
/// reopened), <see cref="Restate"/> — the facts to state in one <see cref="IncidentRecorded"/>, with <see cref="Why"/>.
/// </summary>
public sealed record CadPlan(IReadOnlyList<IncidentEvent> Events, IncidentFacts? Restate = null, string? Why = null);

/// <summary>
/// Successive snapshots of one incident folded into its facts. The fold does not depend on the order snapshots arrive
/// in, nor on one arriving twice: they are put in the order of their own times first. Created at the earliest time
/// any states; graded first as the earliest says and now as the latest says; dispatched and arrived at the earliest
/// times any shows; closed when the latest says closed, from the first of the snapshots saying so since it was last
/// open; children involved once any names a child (a later snapshot never takes a child away).
/// </summary>
public static class CadSnapshots
{
    public const string RegradedReason = "regraded in command and control";

    public static CadState Merge(IEnumerable<CadSnapshot> snapshots)
    {
        // In time order; snapshots of the same instant in an order of their content alone, so arrival order never counts.
        var ordered = snapshots.Distinct().OrderBy(s => s.At).ThenBy(s => s.Closed).ThenBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        if (ordered.Count == 0) throw new ArgumentException("An incident's state needs at least one snapshot.", nameof(snapshots));
        var first = ordered[0];
        var last = ordered[^1];

        var gradedAt = last.At;
        for (var i = ordered.Count - 1; i >= 0 && ordered[i].Grade == last.Grade; i--) gradedAt = ordered[i].At;
        Instant? closedAt = null;
        for (var i = ordered.Count - 1; i >= 0 && ordered[i].Closed; i--) closedAt = ordered[i].At;

        var facts = new IncidentFacts(
            CreatedAt: ordered.Min(s => s.Earliest),
            InitialGrade: first.Grade,
            CurrentGrade: last.Grade,
            ChildrenInvolved: ordered.Any(s => s.ChildrenInvolved),
            District: ordered.LastOrDefault(s => s.District is not null)?.District,
            Category: ordered.LastOrDefault(s => s.Category is not null)?.Category,
            DispatchedAt: ordered.Min(s => s.DispatchedAt),
            ArrivedAt: ordered.Min(s => s.ArrivedAt),
            ClosedAt: closedAt,
            // A live feed: the delay actions are recorded in Safeguard itself, as for an incident created through the API.
            NotInSource: DelayActions.None);
        return new CadState(facts, gradedAt, ordered.FirstOrDefault(s => s.ChildrenInvolved)?.At);
    }

    /// <summary>
    /// The events that bring an incident holding <paramref name="held"/> (null: not yet recorded) to
    /// <paramref name="stated"/>, each checked as the domain checks any (<see cref="IncidentHistory.Check"/>). What was
    /// recorded in Safeguard stays: an earlier dispatch or arrival, children involved, the children named, the notices.
    /// </summary>
    public static CadPlan Plan(IncidentFacts? held, CadState stated, string author, Instant now)
    {
        var target = held is null ? stated.Facts : Kept(held, stated.Facts);
        var events = new List<IncidentEvent>();
        var facts = held;
        if (facts is null)
        {
            var created = new IncidentCreated(target.CreatedAt, author, target.InitialGrade, target.ChildrenInvolved, target.District, target.Category);
            events.Add(created);
            facts = IncidentHistory.Apply(null, created);
        }

        var steps = new List<IncidentEvent>();
        if (target.CurrentGrade != facts.CurrentGrade) steps.Add(new IncidentRegraded(stated.GradedAt, author, target.CurrentGrade, null, RegradedReason));
        if (target.ChildrenInvolved && !facts.ChildrenInvolved && stated.ChildrenFoundAt is { } found) steps.Add(new IncidentChildrenInvolved(found, author));
        if (target.DispatchedAt is { } dispatched && facts.DispatchedAt != dispatched) steps.Add(new IncidentDispatched(dispatched, author));
        if (target.ArrivedAt is { } arrived && facts.ArrivedAt != arrived) steps.Add(new IncidentArrived(arrived, author));
        if (target.ClosedAt is { } closed && facts.ClosedAt is null) steps.Add(new IncidentClosed(closed, author));

        // In time order (a stable sort: of one instant, as listed), the close last of all.
        foreach (var step in steps.OrderBy(s => s is IncidentClosed).ThenBy(s => s.At))
        {
            if (IncidentHistory.Check(facts, step, now) is { } refused) return Restatement(held, target, refused.Message);
            facts = IncidentHistory.Apply(facts, step);
            events.Add(step);
        }
        return SameAsStated(facts, target) ? new CadPlan(events) : Restatement(held, target, null);
    }

    private static CadPlan Restatement(IncidentFacts? held, IncidentFacts target, string? refused) =>
        held is not null && SameAsStated(held, target) ? new CadPlan([]) : new CadPlan([], target, refused);

    /// <summary>What command and control states, with what Safeguard recorded itself kept.</summary>
    private static IncidentFacts Kept(IncidentFacts held, IncidentFacts stated) => stated with
    {
        ChildrenInvolved = held.ChildrenInvolved || stated.ChildrenInvolved,
        DispatchedAt = IncidentHistory.Earliest(held.DispatchedAt, stated.DispatchedAt),
        ArrivedAt = IncidentHistory.Earliest(held.ArrivedAt, stated.ArrivedAt),
        NotInSource = held.NotInSource & stated.NotInSource,
    };

    private static bool SameAsStated(IncidentFacts a, IncidentFacts b) =>
        (a.CreatedAt, a.InitialGrade, a.CurrentGrade, a.ChildrenInvolved, a.District, a.Category, a.DispatchedAt, a.ArrivedAt, a.ClosedAt)
        == (b.CreatedAt, b.InitialGrade, b.CurrentGrade, b.ChildrenInvolved, b.District, b.Category, b.DispatchedAt, b.ArrivedAt, b.ClosedAt);
}
