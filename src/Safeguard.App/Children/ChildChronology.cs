using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Children;

/// <summary>One thing that happened about a child; <see cref="Kind"/> says which record it belongs to (incident, notice, missing, child).</summary>
public sealed record ChronologyEntry(Instant At, string Kind, string Reference, string What);

/// <summary>A clock about the child that is still open: on which record, and how it stands.</summary>
public sealed record OwedClock(string Kind, string Reference, ClockView Clock);

public sealed record ChildRecordView(string Reference, ChildDetails Details, int? Age, Instant? RepeatMissingSince, Instant? EscalatingConcernSince,
    IReadOnlyList<OwedClock> Open, IReadOnlyList<ChildContact> Contacts, IReadOnlyList<ChronologyEntry> Chronology)
{
    /// <summary>The record this one was merged into (a duplicate), or null.</summary>
    public string? MergedInto { get; init; }

    /// <summary>The duplicates merged into this record: their histories are in this chronology.</summary>
    public IReadOnlyList<string> Merged { get; init; } = [];

    public Instant? RestrictedAt { get; init; }
    public string? RestrictionReason { get; init; }

    /// <summary>When the record is next reviewed for keeping or disposal, and under which retention group.</summary>
    public LocalDate? ReviewOn { get; init; }
    public string? RetentionGroup { get; init; }

    public ChildFlags Flags => new(Details.ChildProtectionPlan, Details.LookedAfter, Details.ExploitationRisk, RepeatMissingSince is not null, EscalatingConcernSince is not null);
}

/// <summary>
/// The child's record: details and flags, every clock about the child still open (from the ledger), every contact (the
/// voice of the child), and the chronology, oldest first — read from the histories of the child's record, its notices,
/// its missing episodes and every incident that names the child or that one of its notices is about; each clock's
/// outcome from the ledger; each share's acknowledgement.
/// </summary>
public sealed class ChildChronology(AppDbContext db, PolicyVersions policies, IClock clock)
{
    public async Task<ChildRecordView?> ReadAsync(string reference, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        if (child is null) return null;
        var now = clock.GetCurrentInstant();
        var merged = await db.Children.AsNoTracking().Where(c => c.MergedIntoId == child.Id).OrderBy(c => c.Reference).Select(c => new { c.Id, c.Reference })
            .ToListAsync(cancellationToken);
        var extra = new ChildRecordView(child.Reference, child.ToDetails(), null, null, null, [], [], [])
        {
            Merged = [.. merged.Select(m => m.Reference)],
            RestrictedAt = child.RestrictedAt,
            RestrictionReason = child.RestrictionReason,
            ReviewOn = child.ReviewOn,
            RetentionGroup = child.RetentionGroup,
        };
        if (child.MergedIntoId is { } into)
        {
            // A duplicate shows only where its records are now.
            var kept = await db.Children.AsNoTracking().Where(c => c.Id == into).Select(c => c.Reference).SingleAsync(cancellationToken);
            return extra with { MergedInto = kept, Details = ChildDetails.None };
        }

        var notices = await db.Notices.AsNoTracking().Where(n => n.ChildId == child.Id).Select(n => new { n.Id, n.IncidentReference }).ToListAsync(cancellationToken);
        var incidentReferences = notices.Select(n => n.IncidentReference).OfType<string>().Distinct().ToList();
        var incidentIds = await db.Incidents.AsNoTracking()
            .Where(i => db.IncidentChildren.Any(l => l.IncidentId == i.Id && l.ChildId == child.Id) || incidentReferences.Contains(i.Reference))
            .Select(i => i.Id).ToListAsync(cancellationToken);
        var episodeIds = await db.MissingEpisodes.AsNoTracking().Where(m => m.ChildId == child.Id).Select(m => m.Id).ToListAsync(cancellationToken);
        List<long> subjectIds = [child.Id, .. merged.Select(m => m.Id), .. notices.Select(n => n.Id), .. incidentIds, .. episodeIds];
        var subjects = await db.Subjects.AsNoTracking().Where(s => subjectIds.Contains(s.Id)).Select(s => new { s.Id, s.Kind, s.Reference })
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        var entries = new List<ChronologyEntry>();
        var contacts = new List<ChildContact>();
        var rows = await db.Events.AsNoTracking().Where(e => subjectIds.Contains(e.SubjectId)).OrderBy(e => e.SubjectId).ThenBy(e => e.Sequence).ToListAsync(cancellationToken);
        var lastRecorded = new Dictionary<long, SubjectEvent>();
        var incidentFacts = new Dictionary<long, IncidentFacts>();
        foreach (var row in rows)
        {
            var subject = subjects[row.SubjectId];
            var e = EventCodec.Read(subject.Kind, row);
            if (e is ChildContacted contacted) contacts.Add(contacted.Contact);
            foreach (var (at, what) in EventWords.Chronicle(e, lastRecorded.GetValueOrDefault(row.SubjectId), incidentFacts.GetValueOrDefault(row.SubjectId)))
                entries.Add(new ChronologyEntry(at, subject.Kind, subject.Reference, what));
            if (e is NoticeRecorded or EpisodeRecorded) lastRecorded[row.SubjectId] = e;
            if (e is IncidentEvent happened) incidentFacts[row.SubjectId] = IncidentHistory.Apply(incidentFacts.GetValueOrDefault(row.SubjectId), happened);
        }

        var noticeIds = notices.Select(n => n.Id).ToList();
        foreach (var s in await db.NoticeShares.AsNoTracking().Where(s => s.AcknowledgedAt != null && noticeIds.Contains(s.NoticeId))
                     .Join(db.Agencies, s => s.AgencyId, a => a.Id, (s, a) => new { s.NoticeId, s.AcknowledgedAt, a.Name }).ToListAsync(cancellationToken))
            entries.Add(new ChronologyEntry(s.AcknowledgedAt!.Value, Records.Notice, subjects[s.NoticeId].Reference, $"{s.Name} acknowledged"));

        // The clocks about this child (or about no one child on its records), with each outcome and what is still owed.
        var clocks = await db.Clocks.AsNoTracking().Where(c => subjectIds.Contains(c.SubjectId) && (c.ChildId == null || c.ChildId == child.Id)).ToListAsync(cancellationToken);
        var open = new List<OwedClock>();
        foreach (var c in clocks)
        {
            var subject = subjects[c.SubjectId];
            var view = ClockView.Of(c, c.ChildId is null ? null : child.Reference, now);
            if (view.Open) open.Add(new OwedClock(subject.Kind, subject.Reference, view));
            var entry = c.ToEntry();
            if (entry.Settled is { } settled && c.ClosedAt is { } closedAt && closedAt <= now)
                entries.Add(new ChronologyEntry(closedAt, subject.Kind, subject.Reference, $"{c.Kind.Title()}: {ClockStates.Words(settled, closed: true).ToLowerInvariant()}"));
            else if (entry.StateAt(now) == ClockState.Breached)
                entries.Add(new ChronologyEntry(entry.DueAsOf(now), subject.Kind, subject.Reference, $"{c.Kind.Title()}: target missed"));
        }

        var details = child.ToDetails();
        return extra with
        {
            Age = details.AgeOn(now.InZone(policies.Current.Zone).Date),
            RepeatMissingSince = child.RepeatMissingSince,
            EscalatingConcernSince = child.EscalatingConcernSince,
            Open = [.. open.OrderBy(o => o.Clock.Due)],
            Contacts = [.. contacts.OrderByDescending(c => c.At)],
            Chronology = [.. entries.OrderBy(e => e.At).ThenBy(e => e.Reference, StringComparer.Ordinal)],
        };
    }
}
