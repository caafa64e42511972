using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>
/// Imports an incident file with the shared two-pass rules (<see cref="CsvImport{TRow}"/>). A new reference becomes an
/// incident whose history starts with an <see cref="IncidentRecorded"/> event; re-importing a reference appends another
/// only when the facts changed, naming what changed. The children a row names are added to the incident (and get a
/// child record if new); none named here or by an officer is ever taken away by a file. A reason the file gives for
/// needing no notice stands unless one was recorded first; a file never takes one away.
/// </summary>
public sealed class ImportIncidents(AppDbContext db, SubjectStore store, Audit.AuditTrail trail, Audit.AuditScope audit, IncidentModel model, IClock clock, ILogger<ImportIncidents> logger)
{
    public async Task<ImportResult> RunAsync(string path, string author, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var import = new CsvImport<IncidentCsvRow>(IncidentCsv.Contract, IncidentCsv.Read, store.Policy.Zone);
        // On SQLite a new incident is written by prepared statements, not tracked (ADR 0020); PostgreSQL keeps the tracked path.
        using var bulk = db is SqliteAppDbContext ? new BulkInsert(db) : null;
        var result = await import.RunAsync(db, new ImportAudit(trail, audit, author, "incidents"), path, options, ApplyAsync, progress, cancellationToken);
        ImportLog.Write(logger, "Incident", result);
        return result;

        async Task<(int, int, int)> ApplyAsync(List<IncidentCsvRow> batch, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            var untracked = new List<Incident>();
            // First the projection, one indexed read: a row that changes nothing it holds is unchanged, and its incident's
            // history is never read. Only the rest are loaded with their events and clocks (a reason no notice is
            // needed is not in the projection, so a row giving one is always compared against the history).
            var projected = await IncidentModel.ProjectedAsync(db, [.. batch.Select(r => r.Reference!)], ct);
            var work = new List<IncidentCsvRow>(batch.Count);
            foreach (var row in batch)
            {
                if (row.Facts!.NoticeNotNeeded is null && projected.TryGetValue(row.Reference!, out var held) && ChangedFields(held, row.Facts).Count == 0) unchanged++;
                else work.Add(row);
            }
            var existing = await store.FindManyAsync(model, [.. work.Where(r => projected.ContainsKey(r.Reference!)).Select(r => r.Reference!)], ct);
            await store.ChildrenAsync(work.SelectMany(r => r.Facts!.NamedChildren.Select(c => c.Reference)), ct, untracked: bulk is not null);
            foreach (var row in work)
            {
                // A reason the file gives for needing no notice was recorded, for Safeguard, by whoever imports it.
                var facts = row.Facts! is { NoticeNotNeeded: { } waiver } stated ? stated with { NoticeNotNeeded = waiver with { By = author } } : row.Facts!;
                if (!existing.TryGetValue(row.Reference!, out var incident))
                {
                    incident = bulk is null ? store.Create(model, row.Reference!) : store.CreateUntracked(model, row.Reference!);
                    await store.AppendAsync(model, incident, new IncidentRecorded(now, author, ImportReason.Imported(row.Line), facts), now, ct);
                    if (incident.Untracked) untracked.Add(incident.Subject);
                    created++;
                    continue;
                }
                var changed = ChangedFields(incident.Current, facts);
                if (changed.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                await store.AppendAsync(model, incident, new IncidentRecorded(now, author, ImportReason.ReImported(row.Line, changed), facts), now, ct);
                updated++;
            }
            if (bulk is not null) await store.WriteUntrackedAsync(bulk, untracked, ct);
            return (created, updated, unchanged);
        }
    }

    /// <summary>What differs between two statements of an incident's facts, by the incident file's column names.</summary>
    internal static List<string> ChangedFields(IncidentFacts a, IncidentFacts b)
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
        if (b.NamedChildren.Any(c => a.NamedChildren.All(n => n.Reference != c.Reference))) changed.Add("child_references");
        if (a.NoticeNotNeeded is null && b.NoticeNotNeeded is not null) changed.Add("notice_not_needed_at");
        // A delay action's time counts from the earliest either gives; a file that now has the column makes it known.
        if (b.ReassessedAt is { } reassessed && !(a.ReassessedAt <= reassessed)) changed.Add("reassessed_at");
        else if (a.NotInSource.HasFlag(DelayActions.Reassessment) && !b.NotInSource.HasFlag(DelayActions.Reassessment)) changed.Add("reassessed_at");
        if (b.CallerToldAt is { } told && !(a.CallerToldAt <= told)) changed.Add("caller_told_at");
        else if (a.NotInSource.HasFlag(DelayActions.CallerUpdate) && !b.NotInSource.HasFlag(DelayActions.CallerUpdate)) changed.Add("caller_told_at");
        return changed;
    }
}
