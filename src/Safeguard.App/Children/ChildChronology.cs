using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Children;

/// <summary>One thing that happened about a child; <see cref="Kind"/> says which record it belongs to (incident, notice, missing).</summary>
public sealed record ChronologyEntry(Instant At, string Kind, string Reference, string What);

public sealed record ChildRecordView(string Reference, Instant? RepeatMissingSince, Instant? EscalatingConcernSince, IReadOnlyList<ChronologyEntry> Chronology);

/// <summary>
/// The child's chronology, oldest first: every notice about the child (concern, submission, review, each sharing),
/// every missing episode (report, attendance, found, return home interview) and every incident a notice links to
/// (creation, first arrival).
/// </summary>
public sealed class ChildChronology(AppDbContext db)
{
    public async Task<ChildRecordView?> ReadAsync(string reference, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        if (child is null) return null;
        var entries = new List<ChronologyEntry>();

        var notices = await db.Notices.AsNoTracking().Where(n => n.ChildId == child.Id).ToListAsync(cancellationToken);
        foreach (var n in notices)
        {
            entries.Add(new(n.OccurredAt, "notice", n.Reference, $"Concern arose ({Words(n.Type.ToString())})"));
            entries.Add(new(n.SubmittedAt, "notice", n.Reference, $"Notice submitted, officer risk {Words(n.OfficerRisk.ToString())}"));
            if (n.ReviewedAt is { } reviewed) entries.Add(new(reviewed, "notice", n.Reference, $"Reviewed in the MASH: {Words(n.Rag?.ToString() ?? "")}"));
        }
        var noticeIds = notices.Select(n => n.Id).ToList();
        var shares = await db.NoticeShares.AsNoTracking().Where(s => noticeIds.Contains(s.NoticeId))
            .Join(db.Agencies, s => s.AgencyId, a => a.Id, (s, a) => new { s.NoticeId, s.SharedAt, a.Name, s.AcknowledgedAt }).ToListAsync(cancellationToken);
        foreach (var s in shares)
        {
            var notice = notices.Single(n => n.Id == s.NoticeId).Reference;
            entries.Add(new(s.SharedAt, "notice", notice, $"Shared with {s.Name}"));
            if (s.AcknowledgedAt is { } ack) entries.Add(new(ack, "notice", notice, $"{s.Name} acknowledged"));
        }

        var incidentReferences = notices.Where(n => n.IncidentReference is not null).Select(n => n.IncidentReference!).Distinct().ToList();
        foreach (var i in await db.Incidents.AsNoTracking().Where(i => incidentReferences.Contains(i.Reference)).ToListAsync(cancellationToken))
        {
            entries.Add(new(i.CreatedAt, "incident", i.Reference, $"Incident created, graded {i.InitialGrade.Name()}"));
            if (i.ArrivedAt is { } arrived) entries.Add(new(arrived, "incident", i.Reference, "Officer arrived"));
        }

        foreach (var m in await db.MissingEpisodes.AsNoTracking().Where(m => m.ChildId == child.Id).ToListAsync(cancellationToken))
        {
            entries.Add(new(m.ReportedAt, "missing", m.Reference, $"Reported missing, {m.RiskAtReport.Name().Replace('_', ' ')} risk"));
            if (m.AttendedAt is { } attended) entries.Add(new(attended, "missing", m.Reference, "Officer attended the report"));
            if (m.SchoolContactedAt is { } school) entries.Add(new(school, "missing", m.Reference, "School contacted"));
            if (m.FoundAt is { } found) entries.Add(new(found, "missing", m.Reference, "Found"));
            if (m.ReturnInterviewOfferedAt is { } offered) entries.Add(new(offered, "missing", m.Reference, "Return home interview offered"));
        }

        return new ChildRecordView(child.Reference, child.RepeatMissingSince, child.EscalatingConcernSince,
            [.. entries.OrderBy(e => e.At).ThenBy(e => e.Reference, StringComparer.Ordinal)]);
    }

    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
