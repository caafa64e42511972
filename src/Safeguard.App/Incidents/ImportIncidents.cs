using System.IO.Hashing;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.App.Incidents;

public sealed record ImportError(int Line, string Reason);

/// <summary>What an import did. When <see cref="Applied"/> is false the database was not touched.</summary>
public sealed record ImportResult(int Read, int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool Applied);

public sealed record ImportProgress(string Phase, long Rows);

/// <summary>
/// Imports an incident file. Pass one reads and checks every row (memory: the rows' errors and a 16-byte hash per
/// distinct reference); if any row is invalid and <c>skipInvalid</c> is off, nothing is written. Pass two streams the
/// file again and applies the valid rows in batches inside one transaction, so the import applies completely or not
/// at all. Re-importing a reference appends a <see cref="IncidentRecorded"/> event only when the facts changed.
/// </summary>
public sealed class ImportIncidents(AppDbContext db, Clocks.PolicyVersions policies, IClock clock, Clocks.ChangeSignal signal, ILogger<ImportIncidents> logger)
{
    private const int BatchSize = 1000;

    public async Task<ImportResult> RunAsync(string path, string author, bool skipInvalid, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (read, errors) = Check(path, progress, cancellationToken);
        if (errors.Count > 0 && !skipInvalid)
        {
            logger.LogWarning("Incident import rejected: {Invalid} invalid rows of {Read}", errors.Select(e => e.Line).Distinct().Count(), read);
            return new ImportResult(read, 0, 0, 0, errors, Applied: false);
        }

        var invalidLines = errors.Select(e => e.Line).ToHashSet();
        var now = clock.GetCurrentInstant();
        int created = 0, updated = 0, unchanged = 0;
        long applied = 0;
        var batch = new List<IncidentCsvRow>(BatchSize);
        var previousTracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            using var reader = IncidentCsv.OpenText(path);
            foreach (var row in IncidentCsv.Read(reader, WallClock.London))
            {
                if (invalidLines.Contains(row.Line) || row.Facts is null) continue;
                batch.Add(row);
                if (batch.Count == BatchSize) await FlushAsync();
            }
            await FlushAsync();
            await transaction.CommitAsync(cancellationToken);
            signal.Notify();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = previousTracking;
            db.ChangeTracker.Clear();
        }
        logger.LogInformation("Incident import applied: {Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} rows skipped",
            created, updated, unchanged, invalidLines.Count);
        return new ImportResult(read, created, updated, unchanged, errors, Applied: true);

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var references = batch.Select(r => r.Reference!).ToList();
            var existing = await db.Incidents.Where(i => references.Contains(i.Reference)).ToDictionaryAsync(i => i.Reference, StringComparer.Ordinal, cancellationToken);
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
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            applied += batch.Count;
            progress?.Report(new ImportProgress("importing", applied));
            batch.Clear();
        }
    }

    private static (int Read, List<ImportError> Errors) Check(string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var firstLineByReference = new Dictionary<UInt128, int>();
        var flaggedFirst = new HashSet<int>();
        var read = 0;
        try
        {
            using var reader = IncidentCsv.OpenText(path);
            foreach (var row in IncidentCsv.Read(reader, WallClock.London))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                foreach (var reason in row.Errors) errors.Add(new ImportError(row.Line, reason));
                if (row.Reference is { } reference)
                {
                    var key = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(reference));
                    if (!firstLineByReference.TryAdd(key, row.Line))
                    {
                        var first = firstLineByReference[key];
                        errors.Add(new ImportError(row.Line, $"reference repeats line {first}"));
                        if (flaggedFirst.Add(first)) errors.Add(new ImportError(first, $"reference repeats on line {row.Line}"));
                    }
                }
                if (read % 100_000 == 0) progress?.Report(new ImportProgress("checking", read));
            }
        }
        catch (ImportFileException e)
        {
            errors.Add(new ImportError(e.Line, e.Message));
        }
        catch (FileNotFoundException)
        {
            errors.Add(new ImportError(0, "The file does not exist."));
        }
        progress?.Report(new ImportProgress("checked", read));
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return (read, errors);
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
