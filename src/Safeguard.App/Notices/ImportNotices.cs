using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Incidents;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>
/// Imports public protection notices with the shared two-pass rules. A child record is created for a new child
/// reference. A notice's incident must exist (a row naming one that does not is invalid); the incident records the
/// notice, which stops its PPN-due clock. A new notice's history starts with a <c>recorded</c> event holding the file's
/// facts; a re-import appends another only when they changed. Before the import commits, the escalating-concern flag
/// of every child it touched is worked out again.
/// </summary>
public sealed class ImportNotices(AppDbContext db, SubjectStore store, Audit.AuditTrail trail, Audit.AuditScope audit, NoticeModel model, IncidentModel incidents,
    Agencies agencyList, IClock clock, ILogger<ImportNotices> logger)
{
    public async Task<ImportResult> RunAsync(string path, string author, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var import = new CsvImport<NoticeCsvRow>(NoticeCsv.Contract, NoticeCsv.Read, store.Policy.Zone);
        var result = await import.RunAsync(db, new ImportAudit(trail, audit, author, "public protection notices"), path, options, ApplyAsync, progress, cancellationToken, FlagConcernsAsync, CheckLinksAsync);
        ImportLog.Write(logger, "Notice", result);
        return result;

        // A row must name an incident that exists and agencies from the administrators' list.
        async Task<IReadOnlyList<ImportError>> CheckLinksAsync(List<NoticeCsvRow> rows, CancellationToken ct)
        {
            var named = rows.Select(r => r.Facts!.IncidentReference).OfType<string>().Distinct().ToList();
            var known = (await db.Incidents.AsNoTracking().Where(i => named.Contains(i.Reference)).Select(i => i.Reference).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var agencies = await agencyList.ResolveAsync(rows.SelectMany(r => NoticeFacts.Agencies(r.Facts!.SharedWith)), ct);
            return [
                .. rows.Where(r => r.Facts!.IncidentReference is { } i && !known.Contains(i)).Select(r => new ImportError(r.Line, "incident_reference names no incident")),
                .. rows.Where(r => NoticeFacts.Agencies(r.Facts!.SharedWith).Any(a => !agencies.ContainsKey(a)))
                    .Select(r => new ImportError(r.Line, "shared_with names an agency that is not in the list (safeguard agencies list)")),
            ];
        }

        async Task<(int, int, int)> ApplyAsync(List<NoticeCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            var existing = await store.FindManyAsync(model, [.. batch.Select(r => r.Reference!)], ct);
            var linked = batch.Select(r => r.Facts!.IncidentReference).Concat(existing.Values.Select(n => n.Current.IncidentReference)).OfType<string>().Distinct().ToList();
            var about = await store.FindManyAsync(incidents, linked, ct);
            await store.ChildrenAsync(batch.Select(r => r.Facts!.ChildReference), ct);
            var shared = new List<(Notice Notice, NoticeFacts Facts)>();
            foreach (var row in batch)
            {
                var facts = row.Facts!;
                touched.Add(facts.ChildReference);
                if (!existing.TryGetValue(row.Reference!, out var notice))
                {
                    notice = store.Create(model, row.Reference!);
                    await store.AppendAsync(model, notice, new NoticeRecorded(now, author, ImportReason.Imported(row.Line), facts), now, ct);
                    await LinkAsync(row.Reference!, null, facts, ct);
                    shared.Add((notice.Subject, facts));
                    created++;
                    continue;
                }
                var current = notice.Current;
                if (current.AsInFile() == facts)
                {
                    unchanged++;
                    continue;
                }
                touched.Add(current.ChildReference);
                await store.AppendAsync(model, notice, new NoticeRecorded(now, author, ImportReason.ReImported(row.Line), facts), now, ct);
                await LinkAsync(row.Reference!, current, facts, ct);
                shared.Add((notice.Subject, facts));
                updated++;
            }
            await ShareAsync(shared, ct);
            return (created, updated, unchanged);

            // The incident a notice is about records it (its PPN-due clock stops); a corrected file moves the record.
            async Task LinkAsync(string reference, NoticeFacts? before, NoticeFacts after, CancellationToken token)
            {
                if (before?.IncidentReference is { } old && old != after.IncidentReference && about.TryGetValue(old, out var previous))
                    await store.AppendAsync(incidents, previous, new IncidentNoticeUnlinked(now, author, reference), now, token);
                if (after.IncidentReference is { } target
                    && (before?.IncidentReference != target || before.SubmittedAt != after.SubmittedAt || before.ChildReference != after.ChildReference))
                    await store.AppendAsync(incidents, about[target], new IncidentNoticeLinked(after.SubmittedAt, author, reference, after.SubmittedAt, after.ChildReference), now, token);
            }
        }

        // Sharing is a fact once done: a re-import adds agencies it names, and never withdraws an earlier share.
        async Task ShareAsync(List<(Notice Notice, NoticeFacts Facts)> notices, CancellationToken ct)
        {
            var wanted = notices.Where(n => n.Facts.SharedAt is not null && n.Facts.SharedWith is not null).ToList();
            if (wanted.Count == 0) return;
            var agencies = await agencyList.ResolveAsync(wanted.SelectMany(n => NoticeFacts.Agencies(n.Facts.SharedWith)), ct);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct); // notices get their ids
            var ids = wanted.Select(n => n.Notice.Id).ToList();
            var existing = (await db.NoticeShares.Where(s => ids.Contains(s.NoticeId)).Select(s => new { s.NoticeId, s.AgencyId }).ToListAsync(ct))
                .Select(s => (s.NoticeId, s.AgencyId)).ToHashSet();
            foreach (var (notice, facts) in wanted)
            {
                foreach (var name in NoticeFacts.Agencies(facts.SharedWith))
                {
                    var agencyId = agencies[name].Id;
                    if (!existing.Add((notice.Id, agencyId))) continue;
                    db.NoticeShares.Add(new NoticeShare
                    {
                        NoticeId = notice.Id,
                        AgencyId = agencyId,
                        SharedAt = facts.SharedAt!.Value,
                        SharedBy = author,
                        What = "The notice and the MASH review (from an import)",
                        LawfulBasis = NoticeQueries.DefaultLawfulBasis,
                    });
                }
            }
        }

        async Task FlagConcernsAsync(CancellationToken ct)
        {
            var ids = new List<long>();
            foreach (var chunk in touched.Chunk(500))
                ids.AddRange(await db.Children.Where(c => chunk.Contains(c.Reference)).Select(c => c.MergedIntoId ?? c.Id).ToListAsync(ct)); // a merged child's are the other's
            await Children.ChildRecords.FlagEscalatingConcernAsync(db, ids, store.Policy.Notices, ct);
        }
    }
}
