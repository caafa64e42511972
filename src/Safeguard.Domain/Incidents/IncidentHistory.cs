using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Incidents;

/// <summary>A broken rule: <see cref="IsConflict"/> when the incident's state forbids it (HTTP 409), else the request itself is invalid (422).</summary>
public sealed record RuleViolation(string Message, bool IsConflict = false);

/// <summary>Folds an incident's events into its facts, checks new events against them, and derives its clocks.</summary>
public static class IncidentHistory
{
    /// <summary>The facts after every event in order. The first event must create the incident.</summary>
    public static IncidentFacts Project(IEnumerable<IncidentEvent> events)
    {
        IncidentFacts? facts = null;
        foreach (var e in events)
            facts = Apply(facts, e);
        return facts ?? throw new InvalidOperationException("An incident's history starts with its creation.");
    }

    public static IncidentFacts Apply(IncidentFacts? facts, IncidentEvent e)
    {
        if (facts is null)
        {
            return e switch
            {
                IncidentCreated c => new IncidentFacts(c.At, c.Grade, c.Grade, c.ChildrenInvolved, c.District, c.Category, null, null, null),
                IncidentRecorded r => r.Facts,
                _ => throw new InvalidOperationException("An incident's history starts with its creation."),
            };
        }

        return e switch
        {
            IncidentCreated => throw new InvalidOperationException("An incident is created once."),
            IncidentDispatched d => facts with { DispatchedAt = Earliest(facts.DispatchedAt, d.At) },
            IncidentArrived a => facts with { ArrivedAt = Earliest(facts.ArrivedAt, a.At) },
            IncidentRegraded g => facts with { CurrentGrade = g.Grade },
            IncidentClosed c => facts with { ClosedAt = c.At },
            // A file states the command-and-control facts; what was recorded here about a delay stays.
            IncidentRecorded r => r.Facts with { ReassessedAt = facts.ReassessedAt, CallerToldAt = facts.CallerToldAt, ChildSeenAt = facts.ChildSeenAt },
            IncidentEscalated => facts,
            IncidentReassessed x => facts with { ReassessedAt = Earliest(facts.ReassessedAt, x.At) },
            IncidentCallerUpdated u => facts with { CallerToldAt = Earliest(facts.CallerToldAt, u.At) },
            IncidentChildSeen s => facts with { ChildSeenAt = Earliest(facts.ChildSeenAt, s.At) },
            _ => throw new InvalidOperationException($"Unknown incident event {e.GetType().Name}."),
        };
    }

    /// <summary>How far ahead of "now" an event's instant may be, to allow for the sender's clock running fast.</summary>
    public static readonly Duration ClockSkew = Duration.FromMinutes(2);

    /// <summary>Why <paramref name="e"/> may not be appended to an incident with these facts at <paramref name="now"/>, or null when it may.</summary>
    public static RuleViolation? Check(IncidentFacts facts, IncidentEvent e, Instant now)
    {
        if (e.At > now + ClockSkew)
            return new RuleViolation("An event cannot be recorded before it has happened.");
        if (e is IncidentCreated)
            return new RuleViolation("The incident already exists.", IsConflict: true);
        if (e is IncidentEscalated)
            return null;
        if (e is IncidentChildSeen && !facts.ChildrenInvolved)
            return new RuleViolation("The incident does not involve children.");
        // A child is owed being seen however the incident ended, so seeing one is recorded after closure too.
        if (facts.ClosedAt is not null && e is not (IncidentRecorded or IncidentChildSeen))
            return new RuleViolation("The incident is closed.", IsConflict: true);
        if (e is not IncidentRecorded && e.At < facts.CreatedAt)
            return new RuleViolation("An event cannot happen before the incident was created.");
        if (e is IncidentReassessed { Thrive: var thrive }
            && thrive.Notes().FirstOrDefault(n => string.IsNullOrWhiteSpace(n.Note)) is { Name: { } missing })
            return new RuleViolation($"A THRIVE reassessment needs a note on each of threat, harm, risk, investigation, vulnerability and engagement; {missing} is empty.");
        if (e is IncidentRegraded g)
        {
            if (g.Grade == facts.CurrentGrade)
                return new RuleViolation($"The incident is already graded {g.Grade.Name()}.", IsConflict: true);
            if (Grades.IsDowngrade(facts.CurrentGrade, g.Grade)
                && (string.IsNullOrWhiteSpace(g.Supervisor) || string.IsNullOrWhiteSpace(g.Reason)))
                return new RuleViolation("A downgrade needs the authorising supervisor and a reason.");
        }
        return null;
    }

    /// <summary>
    /// The attendance clock, started when the incident was created and stopped by the first arrival, with the
    /// target of the grade the policy measures on; null for grades with no attendance clock.
    /// </summary>
    public static Clock? AttendanceClock(IncidentFacts facts, AttendancePolicy policy)
    {
        var target = policy.TargetFor(facts.GradeFor(policy.GradeBasis), facts.District);
        if (target is null) return null;
        return new Clock(ClockKind.Attendance, facts.CreatedAt, target.Value, policy.WarningFraction,
            Stop: facts.ArrivedAt, Ended: facts.ArrivedAt is null ? facts.ClosedAt : null);
    }

    /// <summary>
    /// The "child seen and spoken to" clock of a child-involved incident: from its creation until a child involved was
    /// first seen. Closing the incident does not end it. Null when no child is involved.
    /// </summary>
    public static Clock? ChildSeenClock(IncidentFacts facts, AttendancePolicy policy) =>
        facts.ChildrenInvolved ? new Clock(ClockKind.ChildSeen, facts.CreatedAt, policy.ChildSeen, policy.WarningFraction, Stop: facts.ChildSeenAt) : null;

    /// <summary>Each of the incident's clocks with the escalation chain that watches it.</summary>
    public static IEnumerable<(Clock Clock, EscalationPolicy Chain)> WatchedClocks(IncidentFacts facts, AttendancePolicy policy)
    {
        if (AttendanceClock(facts, policy) is { } attendance) yield return (attendance, policy.Escalation);
        if (ChildSeenClock(facts, policy) is { } seen) yield return (seen, policy.ChildSeenEscalation);
    }

    private static Instant Earliest(Instant? current, Instant candidate) =>
        current is { } c && c < candidate ? c : candidate;
}
