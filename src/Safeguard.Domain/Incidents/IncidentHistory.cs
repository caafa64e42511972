using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Incidents;

/// <summary>Folds an incident's events into its facts, checks new events against them, and derives its obligations.</summary>
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
                IncidentCreated c => new IncidentFacts(c.At, c.Grade, c.Grade, c.ChildrenInvolved, c.District, c.Category, null, null, null,
                    Children: [.. (c.ChildReferences ?? []).Distinct(StringComparer.Ordinal).Select(r => new IncidentChild(r))], NotInSource: DelayActions.None),
                IncidentRecorded r => r.Facts with { Notices = null, Children = Named([], r.Facts.NamedChildren) },
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
            // A file states the command-and-control facts; what was recorded here stays, the children it names are added,
            // a reason it gives for needing no notice counts only if none was recorded before, a delay action it gives
            // counts from the earliest time either gives, and a delay action once recorded by a source stays known.
            IncidentRecorded r => r.Facts with
            {
                ReassessedAt = Earliest(facts.ReassessedAt, r.Facts.ReassessedAt),
                CallerToldAt = Earliest(facts.CallerToldAt, r.Facts.CallerToldAt),
                NotInSource = facts.NotInSource & r.Facts.NotInSource,
                Notices = facts.Notices,
                NoticeNotNeeded = facts.NoticeNotNeeded ?? r.Facts.NoticeNotNeeded,
                Children = Named(facts.NamedChildren, r.Facts.NamedChildren),
            },
            IncidentReassessed x => facts with { ReassessedAt = Earliest(facts.ReassessedAt, x.At) },
            IncidentCallerUpdated u => facts with { CallerToldAt = Earliest(facts.CallerToldAt, u.At) },
            IncidentChildrenInvolved => facts with { ChildrenInvolved = true },
            IncidentChildLinked l => facts with { Children = Named(facts.NamedChildren, [new IncidentChild(l.ChildReference)]) },
            IncidentChildSeen s => facts with { Children = Named(facts.NamedChildren, [new IncidentChild(s.ChildReference, s.At)]) },
            IncidentNoticeLinked n => facts with
            {
                Notices = [.. facts.LinkedNotices.Where(x => x.Reference != n.NoticeReference), new LinkedNotice(n.NoticeReference, n.SubmittedAt)],
                Children = n.ChildReference is { } child ? Named(facts.NamedChildren, [new IncidentChild(child)]) : facts.Children,
            },
            IncidentNoticeUnlinked u => facts with { Notices = [.. facts.LinkedNotices.Where(x => x.Reference != u.NoticeReference)] },
            IncidentNoticeNotNeeded w => facts with { NoticeNotNeeded = facts.NoticeNotNeeded ?? new NoticeWaiver(w.At, w.Author, w.Why) },
            _ => throw new InvalidOperationException($"Unknown incident event {e.GetType().Name}."),
        };
    }

    /// <summary>The children named so far with these added: a new child at the end, a sighting kept at its earliest.</summary>
    private static List<IncidentChild> Named(IReadOnlyList<IncidentChild> named, IEnumerable<IncidentChild> added)
    {
        var children = named.ToList();
        foreach (var child in added)
        {
            var i = children.FindIndex(c => c.Reference == child.Reference);
            if (i < 0) children.Add(child);
            else if (child.SeenAt is { } seen) children[i] = children[i] with { SeenAt = Earliest(children[i].SeenAt, seen) };
        }
        return children;
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
        if (e is IncidentNoticeLinked or IncidentNoticeUnlinked)
            return null;
        if ((e is IncidentChildSeen or IncidentChildLinked or IncidentNoticeNotNeeded) && !facts.ChildrenInvolved)
            return new RuleViolation("The incident does not involve children.");
        if (e is IncidentChildrenInvolved && facts.ChildrenInvolved)
            return new RuleViolation("The incident already involves children.", IsConflict: true);
        if (e is IncidentChildLinked linked && facts.NamedChildren.Any(c => c.Reference == linked.ChildReference))
            return new RuleViolation("The child is already named on this incident.", IsConflict: true);
        if (e is IncidentNoticeNotNeeded waiver)
        {
            if (facts.LinkedNotices.Count > 0) return new RuleViolation("A notice about this incident has already been submitted.", IsConflict: true);
            if (facts.NoticeNotNeeded is not null) return new RuleViolation("It is already recorded that no notice is needed.", IsConflict: true);
            if (string.IsNullOrWhiteSpace(waiver.Why)) return new RuleViolation("Say why no notice is needed.");
        }
        // A child is owed being seen, and a notice or a reason, however the incident ended: those are recorded after closure too.
        if (facts.ClosedAt is not null && e is not (IncidentRecorded or IncidentChildrenInvolved or IncidentChildSeen or IncidentChildLinked or IncidentNoticeNotNeeded))
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
    /// Everything a child-involved incident owes, from its creation: attendance (for graded incidents); for each child
    /// named, that child seen and spoken to (one clock with no child while none is named), which closing the incident
    /// does not end; and a public protection notice — stopped by the first notice about it, or withdrawn by a
    /// supervisor's reason why none is needed, whichever came first.
    /// </summary>
    public static IReadOnlyList<Obligation> Obligations(IncidentFacts facts, SafeguardPolicy policy)
    {
        var obligations = new List<Obligation>();
        if (AttendanceClock(facts, policy.Attendance) is { } attendance) obligations.Add(new Obligation(attendance));
        if (!facts.ChildrenInvolved) return obligations;

        var a = policy.Attendance;
        if (facts.NamedChildren.Count == 0)
            obligations.Add(new Obligation(new Clock(ClockKind.ChildSeen, facts.CreatedAt, a.ChildSeen, a.WarningFraction)));
        for (var i = 0; i < facts.NamedChildren.Count; i++)
        {
            var child = facts.NamedChildren[i];
            obligations.Add(new Obligation(new Clock(ClockKind.ChildSeen, facts.CreatedAt, a.ChildSeen, a.WarningFraction, Stop: child.SeenAt), i, child.Reference));
        }

        var first = facts.FirstNoticeAt();
        var waived = facts.NoticeNotNeeded?.At;
        var noticeFirst = first is { } f && (waived is not { } w0 || f <= w0);
        obligations.Add(new Obligation(new Clock(ClockKind.NoticeDue, facts.CreatedAt, policy.Notices.Submission, policy.Notices.WarningFraction,
            Stop: noticeFirst ? first : null, Withdrawn: noticeFirst ? null : waived),
            Child: facts.NamedChildren.Count == 1 ? facts.NamedChildren[0].Reference : null));
        return obligations;
    }

    private static Instant Earliest(Instant? current, Instant candidate) =>
        current is { } c && c < candidate ? c : candidate;

    /// <summary>The earlier of two times, either of which may be unknown.</summary>
    public static Instant? Earliest(Instant? current, Instant? candidate) => candidate is { } c ? Earliest(current, c) : current;
}
