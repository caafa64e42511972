using NodaTime;
using Safeguard.Domain.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

/// <summary>
/// What an event says in words, for every history table and the child's chronology: one place, so a page never
/// describes an event on its own. References and categories only — what a child said, where a child was found and
/// the officer's narrative are shown where they are recorded, never in these lines.
/// </summary>
public static class EventWords
{
    public static string Describe(SubjectEvent e) => e switch
    {
        IncidentCreated c => $"Incident created, graded {c.Grade.Name()}{(c.ChildrenInvolved ? ", children involved" : "")}",
        // A file or command and control's snapshots: the reason (its line, what changed and why) is shown beside it.
        IncidentRecorded r => $"Facts stated by its source: graded {r.Facts.InitialGrade.Name()}"
            + $"{(r.Facts.CurrentGrade != r.Facts.InitialGrade ? $", now {r.Facts.CurrentGrade.Name()}" : "")}{(r.Facts.ChildrenInvolved ? ", children involved" : "")}",
        IncidentDispatched => "Officer dispatched",
        IncidentArrived => "Officer arrived",
        IncidentRegraded g => $"Regraded {g.Grade.Name()}{(g.Supervisor is { } s ? $", authorised by {s}" : "")}",
        IncidentClosed => "Incident closed",
        IncidentReassessed => "Risk reassessed (THRIVE)",
        IncidentCallerUpdated => "Caller told of the delay",
        IncidentChildrenInvolved => "Children found to be involved",
        IncidentChildLinked l => $"Child {l.ChildReference} named as involved",
        IncidentChildSeen s => $"Child {s.ChildReference} seen and spoken to",
        IncidentNoticeLinked n => $"Notice {n.NoticeReference} submitted about the incident{(n.ChildReference is { } c ? $" and child {c}" : "")}",
        IncidentNoticeUnlinked n => $"Notice {n.NoticeReference} no longer about the incident",
        IncidentNoticeNotNeeded => "Recorded that no notice is needed",
        NoticeSubmitted s => $"Notice submitted, officer risk {Words(s.OfficerRisk)}",
        NoticeReviewed r => $"Reviewed in the MASH: {Words(r.Rag)}, {Words(r.Decision)}",
        NoticeSharedWith s => s.Reason is null ? $"Shared with {s.Agency}" : $"Shared with {s.Agency}, which the review did not name",
        NoticeSchoolNotified => "School told (Operation Encompass)",
        NoticeRecorded r => $"Recorded from a file ({r.Reason}): {Words(r.Facts.Type)}, officer risk {Words(r.Facts.OfficerRisk)}",
        EpisodeReported r => $"Reported missing, {Words(r.Risk)} risk",
        EpisodeAttended => "Officer attended the report",
        EpisodeReviewed v => $"Risk reviewed: {Words(v.Risk)}",
        EpisodeActionTaken a => ActionWords(a.Kind),
        EpisodeFound => "Found",
        PreventionInterviewHeld => "Prevention interview held",
        ReturnInterviewOffered => "Return home interview offered",
        ReturnInterviewHeld => "Return home interview held",
        ExploitationIndicatorRecorded => "Exploitation indicator recorded",
        EpisodeRecorded r => $"Recorded from a file ({r.Reason}), {Words(r.Facts.RiskAtReport)} risk at report",
        ChildDetailsRecorded => "Details recorded",
        ChildContacted { Contact: var c } => c.Seen
            ? $"Child seen by {c.SeenBy}, {(c.SpokenToAlone == true ? "spoken to alone" : "not spoken to alone")}{(c.IncidentReference is { } i ? $" (incident {i})" : "")}"
            : $"Child not seen{(c.IncidentReference is { } j ? $" (incident {j})" : "")}",
        ClockEscalated x => $"{x.Clock.Title()}: escalated to {x.Recipient} ({x.Step})",
        _ => EventCodec.KindOf(e),
    };

    /// <summary>What was done to find a child, in words.</summary>
    public static string ActionWords(EpisodeActionKind kind) => kind switch
    {
        EpisodeActionKind.SchoolContacted => "School contacted",
        EpisodeActionKind.FamilyContacted => "Family contacted",
        EpisodeActionKind.FriendsContacted => "Friends contacted",
        EpisodeActionKind.PlaceSearched => "Place searched",
        _ => kind.ToString(),
    };

    /// <summary>
    /// What an event adds to a child's chronology, each at the instant it happened: a file's statement of facts is the
    /// facts it states (those it changes, for a re-import), a submission is the concern and the submission, and the
    /// bookkeeping of links between records is left out (each record is in the chronology itself).
    /// <paramref name="lastRecorded"/> is a notice's or episode's previous statement from a file, if any; for an
    /// incident, <paramref name="incidentBefore"/> is what its history said before this event (null before its first),
    /// so a statement after events, from a file or command and control's snapshots, adds only what it changes.
    /// </summary>
    public static IEnumerable<(Instant At, string What)> Chronicle(SubjectEvent e, SubjectEvent? lastRecorded, IncidentFacts? incidentBefore)
    {
        switch (e)
        {
            case IncidentNoticeLinked or IncidentNoticeUnlinked:
                yield break;
            case NoticeSubmitted s:
                yield return (s.OccurredAt, $"Concern arose ({Words(s.Type)})");
                yield return (s.At, Describe(s));
                yield break;
            case IncidentRecorded { Facts: var f } r:
                {
                    if (incidentBefore is not null) yield return (r.At, $"Corrected as its source states ({r.Reason})");
                    if (incidentBefore?.CreatedAt != f.CreatedAt) yield return (f.CreatedAt, $"Incident created, graded {f.InitialGrade.Name()}{(f.ChildrenInvolved ? ", children involved" : "")}");
                    if (f.DispatchedAt is { } d && incidentBefore?.DispatchedAt != d) yield return (d, "Officer dispatched");
                    if (f.ArrivedAt is { } a && incidentBefore?.ArrivedAt != a) yield return (a, "Officer arrived");
                    if (f.CurrentGrade != f.InitialGrade && incidentBefore?.CurrentGrade != f.CurrentGrade) yield return (r.At, $"Regraded {f.CurrentGrade.Name()} (as its source states)");
                    if (f.ClosedAt is { } c && incidentBefore?.ClosedAt != c) yield return (c, "Incident closed");
                    yield break;
                }
            case NoticeRecorded { Facts: var f } r:
                {
                    var before = (lastRecorded as NoticeRecorded)?.Facts;
                    if (before is not null) yield return (r.At, $"Corrected from a file ({r.Reason})");
                    if (before?.OccurredAt != f.OccurredAt || before.Type != f.Type) yield return (f.OccurredAt, $"Concern arose ({Words(f.Type)})");
                    if (before?.SubmittedAt != f.SubmittedAt || before.OfficerRisk != f.OfficerRisk) yield return (f.SubmittedAt, $"Notice submitted, officer risk {Words(f.OfficerRisk)}");
                    if (f.ReviewedAt is { } v && (before?.ReviewedAt != v || before.Rag != f.Rag)) yield return (v, $"Reviewed in the MASH: {(f.Rag is { } rag ? Words(rag) : "no RAG")}");
                    if (f.SharedAt is { } sh && (before?.SharedAt != sh || before.SharedWith != f.SharedWith)) yield return (sh, $"Shared with {f.SharedWith ?? "partners"}");
                    yield break;
                }
            case EpisodeRecorded { Facts: var f } r:
                {
                    var before = (lastRecorded as EpisodeRecorded)?.Facts;
                    if (before is not null) yield return (r.At, $"Corrected from a file ({r.Reason})");
                    if (before?.ReportedAt != f.ReportedAt || before.RiskAtReport != f.RiskAtReport) yield return (f.ReportedAt, $"Reported missing, {Words(f.RiskAtReport)} risk");
                    if (f.AttendedAt is { } a && before?.AttendedAt != a) yield return (a, "Officer attended the report");
                    if (f.SchoolContactedAt is { } sc && before?.SchoolContactedAt != sc) yield return (sc, "School contacted");
                    if (f.FoundAt is { } fo && before?.FoundAt != fo) yield return (fo, "Found");
                    if (f.PreventionInterviewAt is { } p && before?.PreventionInterviewAt != p) yield return (p, "Prevention interview held");
                    if (f.ReturnInterviewOfferedAt is { } o && before?.ReturnInterviewOfferedAt != o) yield return (o, "Return home interview offered");
                    yield break;
                }
            default:
                yield return (e.At, Describe(e));
                yield break;
        }
    }

    /// <summary>An enum value in lower-case words: <c>ReferralToChildrensSocialCare</c> → "referral to childrens social care".</summary>
    public static string Words<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>An enum value as the API and files name it: <c>ReferralToChildrensSocialCare</c> → "referral_to_childrens_social_care".</summary>
    public static string Name<T>(T value) where T : struct, Enum => Words(value).Replace(' ', '_');
}

/// <summary>
/// An event of a subject's history as pages and the API show it: its kind, when it happened and was recorded, by whom,
/// why, and what it says in words. A THRIVE reassessment carries its six notes.
/// </summary>
public sealed record EventView(int Sequence, string Kind, Instant At, Instant RecordedAt, string Author, string? Reason, string What, string? Grade = null,
    string? Supervisor = null, Thrive? Thrive = null)
{
    /// <summary>The information behind a missing episode's risk, given at report or at a review, each with its source and time.</summary>
    public IReadOnlyList<RiskInformation>? Information { get; init; }

    /// <summary>Where a missing child was found and by whom (shown on the episode's own page only).</summary>
    public string? Found { get; init; }

    public static EventView Of(EventRecord row, SubjectEvent e) => new(row.Sequence, row.Kind, row.At, row.RecordedAt, row.Author, row.Reason, EventWords.Describe(e),
        e switch { IncidentCreated c => c.Grade.Name(), IncidentRegraded g => g.Grade.Name(), _ => null }, (e as IncidentRegraded)?.Supervisor,
        (e as IncidentReassessed)?.Thrive)
    {
        Information = e switch { EpisodeReported r => r.Information, EpisodeReviewed v => v.Information, _ => null },
        Found = e is EpisodeFound f ? $"Found at {f.Where}, by {f.FoundBy}" : null,
    };
}
