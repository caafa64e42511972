using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.App.Incidents;

/// <summary>
/// Imports an incident file with the shared two-pass rules (<see cref="CsvImport{TRow}"/>). A new reference becomes an
/// incident whose history starts with an <see cref="IncidentRecorded"/> event; re-importing a reference appends another
/// only when the facts changed, naming what changed.
/// </summary>
public sealed class ImportIncidents(AppDbContext db, Clocks.PolicyVersions policies, IClock clock, Clocks.ChangeSignal signal, ILogger<ImportIncidents> logger)
{
    private static readonly CsvImport<IncidentCsvRow> Import = new(reader => IncidentCsv.Read(reader, WallClock.London));

    public async Task<ImportResult> RunAsync(string path, string author, bool skipInvalid, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var result = await Import.RunAsync(db, path, skipInvalid, ApplyAsync, progress, cancellationToken);
        if (!result.Applied)
        {
            logger.LogWarning("Incident import rejected: {Invalid} invalid rows of {Read}", result.Errors.Select(e => e.Line).Distinct().Count(), result.Read);
            return result;
        }
        signal.Notify();
        logger.LogInformation("Incident import applied: {Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} rows skipped",
            result.Created, result.Updated, result.Unchanged, result.Errors.Select(e => e.Line).Distinct().Count());
        return result;

        async Task<(int, int, int)> ApplyAsync(List<IncidentCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            var references = batch.Select(r => r.Reference!).ToList();
            var existing = await db.Incidents.Where(i => references.Contains(i.Reference)).ToDictionaryAsync(i => i.Reference, StringComparer.Ordinal, ct);
            foreach (var row in batch)
            {
                var facts = row.Facts!;
                if (!existing.TryGetValue(row.Reference!, out var incident))
                {
                    incident = new Incident { Reference = row.Reference! };
                    policies.Stamp(incident);
                    IncidentProjection.Append(incident, new IncidentRecorded(now, author, "imported", facts), null, policies.Current, now);
                    db.Incidents.Add(incident);
                    created++;
                    continue;
                }
                var current = incident.ToFacts();
                var changed = ChangedFields(current, facts);
                if (changed.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                IncidentProjection.Append(incident, new IncidentRecorded(now, author, "re-imported; changed " + string.Join(", ", changed), facts), current, policies.For(db, incident), now);
                updated++;
            }
            return (created, updated, unchanged);
        }
    }

    private static List<string> ChangedFields(IncidentFacts a, IncidentFacts b)
    {
        var changed = new List<string>();
        if (a.CreatedAt != b.CreatedAt) changed.Add("created_at");
        if (a.InitialGrade != b.InitialGrade) changed.Add("grade");
        if (a.CurrentGrade != b.CurrentGrade) changed.Add("final_grade");
        if (a.ChildrenInvolved != b.ChildrenInvolved) changed.Add("children_involved");
        if (a.District != b.District) changed.Add("district");
        if (a.Category != b.Category) changed.Add("category");
        if (a.DispatchedAt != b.DispatchedAt) changed.Add("dispatched_at");
        if (a.ArrivedAt != b.ArrivedAt) changed.Add("arrived_at");
        if (a.ClosedAt != b.ClosedAt) changed.Add("closed_at");
        return changed;
    }
}
