using System.IO.Hashing;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;

namespace Safeguard.App.Imports;

public sealed record ImportError(int Line, string Reason);

/// <summary>What an import did. When <see cref="Applied"/> is false the database was not touched.</summary>
public sealed record ImportResult(int Read, int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool Applied)
{
    /// <summary>The rows in error: an invalid row counts once however many errors it has.</summary>
    public int Invalid => Errors.Select(e => e.Line).Distinct().Count();

    public string Summary => $"read {Read}, created {Created}, updated {Updated}, unchanged {Unchanged}, skipped {Invalid} invalid";
}

/// <summary>
/// Who imports what, for the s.62 log. An import is one collection: its events carry the import's change, and its one
/// entry (the file's name, what it did) is written in its transaction, before it commits.
/// </summary>
public sealed record ImportAudit(Audit.AuditTrail Trail, Audit.AuditScope Scope, string Who, string What);

public sealed record ImportProgress(string Phase, long Rows);

/// <summary>A parsed row of an import file: valid when it has no errors.</summary>
public interface IImportRow
{
    int Line { get; }
    string? Reference { get; }
    IReadOnlyList<string> Errors { get; }
}

/// <summary>
/// The two passes every import makes. Pass one reads and checks every row (memory: the rows' errors and a 16-byte hash
/// per distinct reference); a reference repeated in the file makes every occurrence invalid. If any row is invalid and
/// invalid rows are not to be skipped, nothing is written. Pass two streams the file again and hands the valid rows to
/// <c>apply</c> in batches inside one transaction, so the import applies completely or not at all.
/// </summary>
public sealed class CsvImport<TRow>(Func<TextReader, IEnumerable<TRow>> parse) where TRow : IImportRow
{
    public const int BatchSize = 1000;

    /// <summary>The page cache an import on SQLite may use, in kilobytes (64 MB).</summary>
    public const int ImportCacheKilobytes = 64 * 1024;

    /// <summary>The advisory lock key imports take on PostgreSQL ("import" in ASCII).</summary>
    private const long TurnLock = 0x696D706F7274;

    /// <param name="db">The database the import writes to.</param>
    /// <param name="audit">Who imports what, for its s.62 entry.</param>
    /// <param name="path">The file.</param>
    /// <param name="skipInvalid">Whether to apply the valid rows when some are invalid.</param>
    /// <param name="apply">Applies a batch of valid rows; returns how many were created, updated and unchanged.</param>
    /// <param name="progress">Where to report progress.</param>
    /// <param name="cancellationToken">Stops the import; nothing is written.</param>
    /// <param name="beforeCommit">Runs once every batch is applied, inside the transaction.</param>
    /// <param name="checkAgainstDatabase">
    /// Checks a batch of rows that are valid on their own against what the database holds (a record a row refers to must
    /// exist); returns the rows' further errors. It runs in pass one, so a row it refuses rejects the file like any other.
    /// </param>
    public async Task<ImportResult> RunAsync(AppDbContext db, ImportAudit audit, string path, bool skipInvalid,
        Func<List<TRow>, CancellationToken, Task<(int Created, int Updated, int Unchanged)>> apply,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken, Func<CancellationToken, Task>? beforeCommit = null,
        Func<List<TRow>, CancellationToken, Task<IReadOnlyList<ImportError>>>? checkAgainstDatabase = null)
    {
        var (read, errors) = await CheckAsync(path, progress, checkAgainstDatabase, cancellationToken);
        if (errors.Count > 0 && !skipInvalid) return new ImportResult(read, 0, 0, 0, errors, Applied: false);

        var invalidLines = errors.Select(e => e.Line).ToHashSet();
        int created = 0, updated = 0, unchanged = 0;
        long applied = 0;
        var batch = new List<TRow>(BatchSize);
        var previousTracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var change = audit.Scope.Begin();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db is PostgresAppDbContext) await TakeTurnAsync(db, read, progress, cancellationToken);
        // SQLite's default page cache (2 MB) spills the import's pages to the log again and again; for the import's
        // length it may hold more (bounded: ImportCacheKilobytes), then the connection's own setting comes back.
        long? cache = db is SqliteAppDbContext ? await db.Database.SqlQuery<long>($"SELECT cache_size AS \"Value\" FROM pragma_cache_size").SingleAsync(cancellationToken) : null;
        if (cache is not null) await SetCacheAsync(db, -ImportCacheKilobytes, cancellationToken);
        try
        {
            using var reader = CsvFile.OpenText(path);
            foreach (var row in parse(reader))
            {
                if (invalidLines.Contains(row.Line) || row.Errors.Count > 0) continue;
                batch.Add(row);
                if (batch.Count == BatchSize) await FlushAsync();
            }
            await FlushAsync();
            if (beforeCommit is not null)
            {
                await beforeCommit(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            var result = new ImportResult(read, created, updated, unchanged, errors, Applied: true);
            await audit.Trail.AppendAsync(db,
                [new Audit.AuditRecord(audit.Who, Domain.Audit.AuditAction.Collection, Audit.AuditTrail.ImportSubject, Path.GetFileName(path), $"import {audit.What}: {result.Summary}", change)]);
            await Clocks.ChangeSignal.AnnounceAsync(db);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            if (cache is { } kept) await SetCacheAsync(db, kept, CancellationToken.None);
            audit.Scope.End();
            db.ChangeTracker.AutoDetectChangesEnabled = previousTracking;
            db.ChangeTracker.Clear();
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var (c, u, n) = await apply(batch, cancellationToken);
            (created, updated, unchanged) = (created + c, updated + u, unchanged + n);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            applied += batch.Count;
            progress?.Report(new ImportProgress("importing", applied));
            batch.Clear();
        }
    }

    /// <summary>SQLite's page cache for this connection: pages when positive, kilobytes when negative (a number: no text reaches the SQL).</summary>
    private static Task<int> SetCacheAsync(AppDbContext db, long size, CancellationToken cancellationToken)
    {
        var sql = "PRAGMA cache_size = " + size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    /// <summary>
    /// Imports take turns on PostgreSQL (on SQLite the lease sees to it): a second waits, for as long as the first takes,
    /// then finds the first's records as they now are.
    /// </summary>
    private static async Task TakeTurnAsync(AppDbContext db, int read, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({TurnLock}) AS \"Value\"").SingleAsync(cancellationToken)) return;
        progress?.Report(new ImportProgress("checked; waiting for another import to finish", read));
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(0); // no limit: the wait is the other import's length
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({TurnLock})", cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    private async Task<(int Read, List<ImportError> Errors)> CheckAsync(string path, IProgress<ImportProgress>? progress,
        Func<List<TRow>, CancellationToken, Task<IReadOnlyList<ImportError>>>? checkAgainstDatabase, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var firstLineByReference = new Dictionary<UInt128, int>();
        var flaggedFirst = new HashSet<int>();
        var read = 0;
        var valid = new List<TRow>(BatchSize);
        async Task CheckBatchAsync()
        {
            if (checkAgainstDatabase is not null && valid.Count > 0) errors.AddRange(await checkAgainstDatabase(valid, cancellationToken));
            valid.Clear();
        }
        try
        {
            using var reader = CsvFile.OpenText(path);
            foreach (var row in parse(reader))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                foreach (var reason in row.Errors) errors.Add(new ImportError(row.Line, reason));
                if (row.Errors.Count == 0 && checkAgainstDatabase is not null)
                {
                    valid.Add(row);
                    if (valid.Count == BatchSize) await CheckBatchAsync();
                }
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
            await CheckBatchAsync();
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
        return (read, [.. errors.OrderBy(e => e.Line)]); // stable: a row's reasons keep their order
    }
}
