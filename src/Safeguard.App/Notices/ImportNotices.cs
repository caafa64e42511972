using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Time;

namespace Safeguard.App.Notices;

/// <summary>
/// Imports public protection notices with the shared two-pass rules. A child record is created for a new child
/// reference. A new notice's history starts with a <c>recorded</c> event holding the file's facts; a re-import appends
/// another only when they changed. Before the import commits, the escalating-concern flag of every child it touched is
/// worked out again.
/// </summary>
public sealed class ImportNotices(AppDbContext db, NoticePolicy policy, IClock clock, ILogger<ImportNotices> logger)
{
    private static readonly CsvImport<NoticeCsvRow> Import = new(reader => NoticeCsv.Read(reader, WallClock.London));

    public async Task<ImportResult> RunAsync(string path, string author, bool skipInvalid, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var touched = new HashSet<long>();
        var children = new Dictionary<string, Child>(StringComparer.Ordinal);
        var agencies = new Dictionary<string, Agency>(StringComparer.OrdinalIgnoreCase);
        var result = await Import.RunAsync(db, path, skipInvalid, ApplyAsync, progress, cancellationToken, FlagConcernsAsync);
        if (result.Applied)
            logger.LogInformation("Notice import applied: {Created} created, {Updated} updated, {Unchanged} unchanged", result.Created, result.Updated, result.Unchanged);
        else
            logger.LogWarning("Notice import rejected: {Invalid} invalid rows of {Read}", result.Errors.Select(e => e.Line).Distinct().Count(), result.Read);
        return result;

        async Task<(int, int, int)> ApplyAsync(List<NoticeCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            await Safeguard.App.Children.ChildRecords.EnsureAsync(db, children, batch.Select(r => r.Facts!.ChildReference), ct);
            var shared = new List<(Notice Notice, NoticeFacts Facts)>();
            var references = batch.Select(r => r.Reference!).ToList();
            var existing = await db.Notices.Where(n => references.Contains(n.Reference))
                .Join(db.Children, n => n.ChildId, c => c.Id, (n, c) => new { Notice = n, Child = c.Reference })
                .ToDictionaryAsync(x => x.Notice.Reference, x => (x.Notice, x.Child), StringComparer.Ordinal, ct);
            foreach (var row in batch)
            {
                var facts = row.Facts!;
                var child = children[facts.ChildReference];
                var childId = child.Id;
                if (!existing.TryGetValue(row.Reference!, out var known))
                {
                    var notice = new Notice { Reference = row.Reference!, RecordedAt = now };
                    NoticeProjection.Append(notice, childId, new NoticeRecorded(now, author, "imported", facts), null, policy, child.DateOfBirth, now);
                    db.Notices.Add(notice);
                    touched.Add(childId);
                    shared.Add((notice, facts));
                    created++;
                    continue;
                }
                var current = NoticeProjection.Facts(known.Notice, known.Child);
                if (current.AsInFile() == facts)
                {
                    unchanged++;
                    continue;
                }
                touched.Add(known.Notice.ChildId);
                touched.Add(childId);
                NoticeProjection.Append(known.Notice, childId, new NoticeRecorded(now, author, "re-imported", facts), current, policy, child.DateOfBirth, now);
                shared.Add((known.Notice, facts));
                updated++;
            }
            await ShareAsync(shared, ct);
            return (created, updated, unchanged);
        }

        // Sharing is a fact once done: a re-import adds agencies it names, and never withdraws an earlier share.
        async Task ShareAsync(List<(Notice Notice, NoticeFacts Facts)> notices, CancellationToken ct)
        {
            var wanted = notices.Where(n => n.Facts.SharedAt is not null && n.Facts.SharedWith is not null).ToList();
            if (wanted.Count == 0) return;
            var names = wanted.SelectMany(n => NoticeFacts.Agencies(n.Facts.SharedWith)).Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !agencies.ContainsKey(n)).ToList();
            foreach (var agency in await db.Agencies.Where(a => names.Contains(a.Name)).ToListAsync(ct)) agencies[agency.Name] = agency;
            foreach (var name in names.Where(n => !agencies.ContainsKey(n)))
            {
                var agency = new Agency { Name = name };
                db.Agencies.Add(agency);
                agencies[name] = agency;
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct); // notices and agencies get their ids
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

        Task FlagConcernsAsync(CancellationToken ct) => Safeguard.App.Children.ChildRecords.FlagEscalatingConcernAsync(db, touched, policy, ct);
    }
}
