using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Subjects;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

/// <summary>
/// Imports missing episodes with the shared two-pass rules. A child record is created for a new child reference. A new
/// episode's history starts with a <c>recorded</c> event holding the file's facts; a re-import appends another only when
/// they changed. Before the import commits, the repeat-missing flag of every child it touched is worked out again.
/// </summary>
public sealed class ImportMissing(AppDbContext db, SubjectStore store, Audit.AuditTrail trail, Audit.AuditScope audit, EpisodeModel model, IClock clock, ILogger<ImportMissing> logger)
{
    public async Task<ImportResult> RunAsync(string path, string author, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var import = new CsvImport<MissingCsvRow>(MissingCsv.Contract, MissingCsv.Read, store.Policy.Zone);
        var result = await import.RunAsync(db, new ImportAudit(trail, audit, author, "missing episodes"), path, options, ApplyAsync, progress, cancellationToken, FlagRepeatsAsync);
        ImportLog.Write(logger, "Missing", result);
        return result;

        async Task<(int, int, int)> ApplyAsync(List<MissingCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            var existing = await store.FindManyAsync(model, [.. batch.Select(r => r.Reference!)], ct);
            await store.ChildrenAsync(batch.Select(r => r.Facts!.ChildReference), ct);
            foreach (var row in batch)
            {
                var facts = row.Facts!;
                touched.Add(facts.ChildReference);
                if (!existing.TryGetValue(row.Reference!, out var episode))
                {
                    episode = store.Create(model, row.Reference!);
                    await store.AppendAsync(model, episode, new EpisodeRecorded(now, author, ImportReason.Imported(row.Line), facts), now, ct);
                    created++;
                    continue;
                }
                // The file states the risk at report; a risk changed here since stays (see EpisodeHistory.Apply).
                var current = episode.Current;
                if (facts with { CurrentRisk = current.Facts.CurrentRisk } == current.Facts)
                {
                    unchanged++;
                    continue;
                }
                touched.Add(current.Facts.ChildReference);
                await store.AppendAsync(model, episode, new EpisodeRecorded(now, author, ImportReason.ReImported(row.Line), facts), now, ct);
                updated++;
            }
            return (created, updated, unchanged);
        }

        async Task FlagRepeatsAsync(CancellationToken ct)
        {
            var ids = new List<long>();
            foreach (var chunk in touched.Chunk(500))
                ids.AddRange(await db.Children.Where(c => chunk.Contains(c.Reference)).Select(c => c.MergedIntoId ?? c.Id).ToListAsync(ct)); // a merged child's are the other's
            await Children.ChildRecords.FlagRepeatMissingAsync(db, ids, store.Policy.Missing, ct);
        }
    }
}
