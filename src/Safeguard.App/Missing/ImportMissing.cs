using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Time;

namespace Safeguard.App.Missing;

/// <summary>
/// Imports missing episodes with the shared two-pass rules. A child record is created for a new child reference. A new
/// episode's history starts with a <c>recorded</c> event holding the file's facts; a re-import appends another only when
/// they changed. Before the import commits, the repeat-missing flag of every child it touched is worked out again.
/// </summary>
public sealed class ImportMissing(AppDbContext db, MissingPolicy policy, IClock clock, ILogger<ImportMissing> logger)
{
    private static readonly CsvImport<MissingCsvRow> Import = new(reader => MissingCsv.Read(reader, WallClock.London));

    public async Task<ImportResult> RunAsync(string path, string author, bool skipInvalid, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var touched = new HashSet<long>();
        var children = new Dictionary<string, Child>(StringComparer.Ordinal);
        var result = await Import.RunAsync(db, path, skipInvalid, ApplyAsync, progress, cancellationToken, FlagRepeatsAsync);
        if (result.Applied)
            logger.LogInformation("Missing import applied: {Created} created, {Updated} updated, {Unchanged} unchanged", result.Created, result.Updated, result.Unchanged);
        else
            logger.LogWarning("Missing import rejected: {Invalid} invalid rows of {Read}", result.Errors.Select(e => e.Line).Distinct().Count(), result.Read);
        return result;

        async Task<(int, int, int)> ApplyAsync(List<MissingCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            await Safeguard.App.Children.ChildRecords.EnsureAsync(db, children, batch.Select(r => r.Facts!.ChildReference), ct);
            var references = batch.Select(r => r.Reference!).ToList();
            var existing = await db.MissingEpisodes.Where(m => references.Contains(m.Reference))
                .Join(db.Children, m => m.ChildId, c => c.Id, (m, c) => new { Episode = m, Child = c.Reference })
                .ToDictionaryAsync(x => x.Episode.Reference, x => (x.Episode, x.Child), StringComparer.Ordinal, ct);
            foreach (var row in batch)
            {
                var facts = row.Facts!;
                var childId = children[facts.ChildReference].Id;
                if (!existing.TryGetValue(row.Reference!, out var known))
                {
                    var episode = new MissingEpisode { Reference = row.Reference!, RecordedAt = now };
                    EpisodeProjection.Append(episode, childId, new EpisodeRecorded(now, author, "imported", facts), null, policy, now);
                    db.MissingEpisodes.Add(episode);
                    touched.Add(childId);
                    created++;
                    continue;
                }
                // The file states the risk at report; a risk changed here since stays (see EpisodeHistory.Apply).
                var current = EpisodeProjection.State(known.Episode, known.Child);
                if (facts with { CurrentRisk = current.Facts.CurrentRisk } == current.Facts)
                {
                    unchanged++;
                    continue;
                }
                touched.Add(known.Episode.ChildId);
                touched.Add(childId);
                EpisodeProjection.Append(known.Episode, childId, new EpisodeRecorded(now, author, "re-imported", facts), current, policy, now);
                updated++;
            }
            return (created, updated, unchanged);
        }

        Task FlagRepeatsAsync(CancellationToken ct) => Safeguard.App.Children.ChildRecords.FlagRepeatMissingAsync(db, touched, policy, ct);
    }
}
