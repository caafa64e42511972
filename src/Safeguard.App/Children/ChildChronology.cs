using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Notices;
using Safeguard.Domain.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Children;

/// <summary>One thing that happened about a child; <see cref="Kind"/> says which record it belongs to (incident, notice, missing, child).</summary>
public sealed record ChronologyEntry(Instant At, string Kind, string Reference, string What);

/// <summary>A clock about the child that is still open: what is owed, on which record, by when.</summary>
public sealed record OpenClock(string Clock, string Kind, string Reference, Instant Due, string State);

public sealed record ChildRecordView(string Reference, ChildDetails Details, int? Age, Instant? RepeatMissingSince, Instant? EscalatingConcernSince,
    IReadOnlyList<OpenClock> Open, IReadOnlyList<ChildContact> Contacts, IReadOnlyList<ChronologyEntry> Chronology);

/// <summary>
/// The child's record: details and flags, every clock still open, every contact (the voice of the child), and the
/// chronology, oldest first — every notice (concern, submission, review, each sharing and acknowledgement, the
/// school's notification), every missing episode and risk review, every incident a notice or contact links to, every
/// contact, every clock's outcome and every escalation.
/// </summary>
public sealed class ChildChronology(AppDbContext db, PolicyVersions policies, NoticePolicy noticePolicy, MissingPolicy missingPolicy, IClock clock)
{
    public async Task<ChildRecordView?> ReadAsync(string reference, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        if (child is null) return null;
        var now = clock.GetCurrentInstant();
        var entries = new List<ChronologyEntry>();
        var open = new List<OpenClock>();

        void Clocks(IEnumerable<Clock> clocks, string kind, string record)
        {
            foreach (var c in clocks)
            {
                var state = c.Evaluate(now);
                var name = c.Kind.Title();
                switch (state)
                {
                    case ClockState.Met or ClockState.MetLate:
                        entries.Add(new(c.Stop!.Value, kind, record, $"{name}: {(state == ClockState.Met ? "within target" : "late")}"));
                        break;
                    case ClockState.Breached:
                        entries.Add(new(c.Due, kind, record, $"{name}: target missed"));
                        open.Add(new(name, kind, record, c.DueAsOf(now), ClockStates.Name(state)));
                        break;
                    case ClockState.Running or ClockState.Warning or ClockState.Paused:
                        open.Add(new(name, kind, record, c.DueAsOf(now), ClockStates.Name(state)));
                        break;
                    case ClockState.Cancelled:
                        break;
                }
            }
        }

        var events = await db.ChildEvents.AsNoTracking().Where(e => e.ChildId == child.Id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var contacts = events.Select(ChildCommands.ReadContact).OfType<ChildContact>().ToList();
        foreach (var e in events.Where(e => e.Kind == ChildCommands.DetailsKind))
            entries.Add(new(e.At, Records.Child, child.Reference, $"Details recorded by {e.Author}"));
        foreach (var c in contacts)
            entries.Add(new(c.At, c.IncidentReference is null ? Records.Child : Records.Incident, c.IncidentReference ?? child.Reference, ContactWords(c)));

        var notices = await db.Notices.AsNoTracking().Where(n => n.ChildId == child.Id).ToListAsync(cancellationToken);
        foreach (var n in notices)
        {
            entries.Add(new(n.OccurredAt, Records.Notice, n.Reference, $"Concern arose ({Words(n.Type.ToString())})"));
            entries.Add(new(n.SubmittedAt, Records.Notice, n.Reference, $"Notice submitted, officer risk {Words(n.OfficerRisk.ToString())}"));
            if (n.ReviewedAt is { } reviewed) entries.Add(new(reviewed, Records.Notice, n.Reference, $"Reviewed in the MASH: {Words(n.Rag?.ToString() ?? "")}"));
            if (n.SchoolNotifiedAt is { } told) entries.Add(new(told, Records.Notice, n.Reference, "School told (Operation Encompass)"));
            Clocks(NoticeRules.Clocks(NoticeProjection.Facts(n, child.Reference), noticePolicy, child.DateOfBirth), Records.Notice, n.Reference);
        }
        var noticeIds = notices.Select(n => n.Id).ToList();
        var shares = await db.NoticeShares.AsNoTracking().Where(s => noticeIds.Contains(s.NoticeId))
            .Join(db.Agencies, s => s.AgencyId, a => a.Id, (s, a) => new { s.NoticeId, s.SharedAt, a.Name, s.AcknowledgedAt }).ToListAsync(cancellationToken);
        foreach (var s in shares)
        {
            var notice = notices.Single(n => n.Id == s.NoticeId).Reference;
            entries.Add(new(s.SharedAt, Records.Notice, notice, $"Shared with {s.Name}"));
            if (s.AcknowledgedAt is { } ack) entries.Add(new(ack, Records.Notice, notice, $"{s.Name} acknowledged"));
        }

        var incidentReferences = notices.Select(n => n.IncidentReference).Concat(contacts.Select(c => c.IncidentReference))
            .OfType<string>().Distinct().ToList();
        foreach (var i in await db.Incidents.AsNoTracking().Where(i => incidentReferences.Contains(i.Reference)).ToListAsync(cancellationToken))
        {
            entries.Add(new(i.CreatedAt, Records.Incident, i.Reference, $"Incident created, graded {i.InitialGrade.Name()}"));
            if (i.ArrivedAt is { } arrived) entries.Add(new(arrived, Records.Incident, i.Reference, "Officer arrived"));
            Clocks(IncidentHistory.WatchedClocks(i.ToFacts(), policies.For(db, i)).Select(c => c.Clock), Records.Incident, i.Reference);
        }

        var episodes = await db.MissingEpisodes.AsNoTracking().Where(m => m.ChildId == child.Id).ToListAsync(cancellationToken);
        foreach (var m in episodes)
        {
            entries.Add(new(m.ReportedAt, Records.Missing, m.Reference, $"Reported missing, {m.RiskAtReport.Name().Replace('_', ' ')} risk"));
            if (m.AttendedAt is { } attended) entries.Add(new(attended, Records.Missing, m.Reference, "Officer attended the report"));
            if (m.SchoolContactedAt is { } school) entries.Add(new(school, Records.Missing, m.Reference, "School contacted"));
            if (m.FoundAt is { } found) entries.Add(new(found, Records.Missing, m.Reference, "Found"));
            if (m.ReturnInterviewOfferedAt is { } offered) entries.Add(new(offered, Records.Missing, m.Reference, "Return home interview offered"));
            Clocks(EpisodeHistory.Clocks(Missing.EpisodeProjection.State(m, child.Reference), missingPolicy), Records.Missing, m.Reference);
        }

        // Every review while missing, and every escalation of a clock about the child, from the records' own histories.
        var episodeIds = episodes.Select(m => m.Id).ToList();
        foreach (var x in await db.MissingEpisodeEvents.AsNoTracking().Where(e => episodeIds.Contains(e.EpisodeId) && (e.Kind == "reviewed" || e.Kind == "escalated"))
                     .Join(db.MissingEpisodes, e => e.EpisodeId, m => m.Id, (e, m) => new { Event = e, m.Reference }).ToListAsync(cancellationToken))
        {
            entries.Add(new(x.Event.At, Records.Missing, x.Reference, Missing.EpisodeProjection.FromRecord(x.Event) is EpisodeReviewed reviewed
                ? $"Risk reviewed: {reviewed.Risk.Name().Replace('_', ' ')}"
                : Escalated(x.Event.Reason, x.Event.Details)));
        }
        foreach (var e in await db.NoticeEvents.AsNoTracking().Where(e => noticeIds.Contains(e.NoticeId) && e.Kind == "escalated")
                     .Join(db.Notices, e => e.NoticeId, n => n.Id, (e, n) => new { e.At, e.Reason, e.Details, n.Reference }).ToListAsync(cancellationToken))
            entries.Add(new(e.At, Records.Notice, e.Reference, Escalated(e.Reason, e.Details)));
        foreach (var e in await db.IncidentEvents.AsNoTracking().Where(e => e.Kind == "escalated")
                     .Join(db.Incidents.Where(i => incidentReferences.Contains(i.Reference)), e => e.IncidentId, i => i.Id, (e, i) => new { e.At, e.Reason, e.Details, i.Reference })
                     .ToListAsync(cancellationToken))
            entries.Add(new(e.At, Records.Incident, e.Reference, Escalated(e.Reason, e.Details)));

        var details = child.ToDetails();
        return new ChildRecordView(child.Reference, details, details.AgeOn(now.InZone(Domain.Time.WallClock.London).Date), child.RepeatMissingSince,
            child.EscalatingConcernSince, [.. open.OrderBy(o => o.Due)], [.. contacts.OrderByDescending(c => c.At)],
            [.. entries.OrderBy(e => e.At).ThenBy(e => e.Reference, StringComparer.Ordinal)]);
    }

    /// <summary>"Escalated (mash-review clock: breach) to mash-supervisor", from an escalated event's reason and details.</summary>
    private static string Escalated(string? reason, string? details)
    {
        string? recipient = null;
        if (details is not null && System.Text.Json.JsonDocument.Parse(details).RootElement.TryGetProperty("recipient", out var r)) recipient = r.GetString();
        return $"Escalated ({reason}){(recipient is null ? "" : " to " + recipient)}";
    }

    private static string ContactWords(ChildContact c) => c.Seen
        ? $"Child seen by {c.SeenBy}, {(c.SpokenToAlone == true ? "spoken to alone" : "not spoken to alone")}"
        : $"Child not seen: {c.ReasonNotSeen}";

    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
