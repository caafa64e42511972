using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Imports;

public sealed record ImportError(int Line, string Reason);

/// <summary>
/// How to import a file. <see cref="SkipInvalid"/> applies the valid rows when some are invalid. <see cref="DryRun"/>
/// works everything out in a transaction it then rolls back, so it says exactly what the import would do and changes
/// nothing. <see cref="ProfilePath"/> is a mapping profile (<see cref="ImportProfile"/>) for a source's own export;
/// <see cref="RejectsPath"/> is where to write the invalid rows with their lines and reasons.
/// </summary>
public sealed record ImportOptions(bool SkipInvalid = false, bool DryRun = false, string? ProfilePath = null, string? RejectsPath = null);

/// <summary>
/// What an import did (or, in a <see cref="DryRun"/>, would do). When <see cref="Applied"/> is false the database was not
/// touched. <see cref="Excluded"/> counts the rows a profile left out, by rule; <see cref="Values"/> counts the values
/// of the valid rows' main columns (grade, district, …) in a dry run, so a profile's mapping can be checked before it is used.
/// </summary>
public sealed partial record ImportResult(int Read, int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool Applied)
{
    public bool DryRun { get; init; }

    /// <summary>The rejects file asked for was written (<see cref="ImportOptions.RejectsPath"/>).</summary>
    public bool RejectsWritten { get; init; }

    /// <summary>The file cannot be read to its end (its header, its encoding): nothing of it is applied, whatever the options.</summary>
    public bool Unreadable { get; init; }

    public IReadOnlyDictionary<string, int> Excluded { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Values { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>The rows in error: an invalid row counts once however many errors it has.</summary>
    public int Invalid => Errors.Select(e => e.Line).Distinct().Count();

    public int ExcludedRows => Excluded.Values.Sum();

    public string Summary => $"read {Read}, {(ExcludedRows > 0 ? $"excluded {ExcludedRows}, " : "")}created {Created}, updated {Updated}, unchanged {Unchanged}, skipped {Invalid} invalid";

    /// <summary>The errors by reason, most first: the same reason with different values (a time, a grade) is one reason.</summary>
    public IReadOnlyList<(string Reason, int Rows)> InvalidByReason =>
        [.. Errors.GroupBy(e => QuotedValue().Replace(e.Reason, "")).Select(g => (g.Key, g.Select(e => e.Line).Distinct().Count()))
            .OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal)];

    // The value an error quotes (CsvFields.Quote): ' followed by anything up to the ' before a space or the end.
    [GeneratedRegex(" '.*?'(?= |$)")]
    private static partial Regex QuotedValue();
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

    /// <summary>The values of a valid row that a dry run counts (grade, district, children involved, …), in the file's words.</summary>
    IEnumerable<(string Column, string Value)> Counted { get; }
}

public static class ImportLog
{
    /// <summary>What an import did, in counts only (no reference, no value from the file: the log holds no personal data).</summary>
    public static void Write(ILogger logger, string what, ImportResult result)
    {
        if (result.DryRun)
            logger.LogInformation("{What} import dry run: {Created} would be created, {Updated} updated, {Unchanged} unchanged, {Invalid} rows invalid of {Read}",
                what, result.Created, result.Updated, result.Unchanged, result.Invalid, result.Read);
        else if (result.Applied)
            logger.LogInformation("{What} import applied: {Created} created, {Updated} updated, {Unchanged} unchanged, {Excluded} excluded, {Skipped} rows skipped",
                what, result.Created, result.Updated, result.Unchanged, result.ExcludedRows, result.Invalid);
        else
            logger.LogWarning("{What} import rejected: {Invalid} invalid rows of {Read}", what, result.Invalid, result.Read);
    }
}

/// <summary>
/// The reason an imported record's event gives: where in the file it came from, so its history and the s.62 log's
/// <c>audit show</c> name the line (<see cref="Audit.AuditTrail.ForAsync"/>).
/// </summary>
public static class ImportReason
{
    public static string Imported(int line) => $"imported from line {line}";

    public static string ReImported(int line, IReadOnlyCollection<string>? changed = null) =>
        $"re-imported from line {line}{(changed is { Count: > 0 } ? "; changed " + string.Join(", ", changed) : "")}";
}

/// <summary>The words an import's counts use.</summary>
public static class Counting
{
    public const string Blank = "(blank)";

    /// <summary>An enum value as the files write it: <c>ChildConcern</c> is <c>child_concern</c>.</summary>
    public static string Word(Enum value) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string Word(bool value) => value ? "true" : "false";

    public static string Word(string? text) => text ?? Blank;
}

/// <summary>
/// The two passes every import makes. Pass one reads and checks every row (memory: the rows' errors and a 16-byte hash
/// per distinct reference); a reference repeated in the file makes every occurrence invalid. If any row is invalid and
/// invalid rows are not to be skipped, nothing is written. Pass two streams the file again and hands the valid rows to
/// <c>apply</c> in batches inside one transaction, so the import applies completely or not at all.
/// </summary>
public sealed class CsvImport<TRow>(CsvContract contract, Func<TextReader, CsvSource, Action<string>?, IEnumerable<TRow>> parse, DateTimeZone zone) where TRow : IImportRow
{
    public const int BatchSize = 1000;

    /// <summary>The distinct values a dry run counts per column; more are counted together.</summary>
    public const int CountedValues = 50;

    public const string OtherValues = "(other values)";

    /// <summary>The page cache an import on SQLite may use, in kilobytes (64 MB).</summary>
    public const int ImportCacheKilobytes = 64 * 1024;

    /// <summary>The advisory lock key imports take on PostgreSQL ("import" in ASCII).</summary>
    private const long TurnLock = 0x696D706F7274;

    /// <param name="db">The database the import writes to.</param>
    /// <param name="audit">Who imports what, for its s.62 entry.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">Whether to skip invalid rows, a dry run, a profile, a rejects file.</param>
    /// <param name="apply">Applies a batch of valid rows; returns how many were created, updated and unchanged.</param>
    /// <param name="progress">Where to report progress.</param>
    /// <param name="cancellationToken">Stops the import; nothing is written.</param>
    /// <param name="beforeCommit">Runs once every batch is applied, inside the transaction.</param>
    /// <param name="checkAgainstDatabase">
    /// Checks a batch of rows that are valid on their own against what the database holds (a record a row refers to must
    /// exist); returns the rows' further errors. It runs in pass one, so a row it refuses rejects the file like any other.
    /// </param>
    public async Task<ImportResult> RunAsync(AppDbContext db, ImportAudit audit, string path, ImportOptions options,
        Func<List<TRow>, CancellationToken, Task<(int Created, int Updated, int Unchanged)>> apply,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken, Func<CancellationToken, Task>? beforeCommit = null,
        Func<List<TRow>, CancellationToken, Task<IReadOnlyList<ImportError>>>? checkAgainstDatabase = null)
    {
        if (options.RejectsPath is { } rejects && Path.GetFullPath(rejects) == Path.GetFullPath(path))
            return new ImportResult(0, 0, 0, 0, [new ImportError(0, "The rejects file would overwrite the file being imported: name another.")], Applied: false) { Unreadable = true };
        CsvSource source;
        try
        {
            source = options.ProfilePath is { } profile ? CsvSource.From(ImportProfile.Read(profile), contract, zone) : CsvSource.Standard(zone);
        }
        catch (ImportProfileException e)
        {
            var refused = new ImportResult(0, 0, 0, 0, [.. e.Problems.Select(p => new ImportError(0, p))], Applied: false) { DryRun = options.DryRun, Unreadable = true };
            return refused with { RejectsWritten = await WriteRejectsAsync(refused.Errors) };
        }

        var check = await CheckAsync(path, source, progress, checkAgainstDatabase, countValues: options.DryRun, cancellationToken);
        var (read, errors) = (check.Read, check.Errors);
        var found = new ImportResult(read, 0, 0, 0, errors, Applied: false)
        {
            DryRun = options.DryRun,
            Excluded = check.Excluded,
            Values = check.Values,
            Unreadable = check.Unreadable,
            RejectsWritten = await WriteRejectsAsync(errors),
        };
        // A dry run goes on over the valid rows whatever the others, to say what they would do; a file that cannot be
        // read to its end (its header, its encoding) goes no further whatever the options.
        if (check.Unreadable || (errors.Count > 0 && !options.SkipInvalid && !options.DryRun)) return found;

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
            foreach (var row in parse(reader, source, null))
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
            if (options.DryRun)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                var would = found with { Created = created, Updated = updated, Unchanged = unchanged };
                // What the dry run consulted is logged, in a transaction of its own, as the collection it stood for would be.
                await using var logged = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await audit.Trail.AppendAsync(db,
                    [new Audit.AuditRecord(audit.Who, Domain.Audit.AuditAction.Consultation, Audit.AuditTrail.ImportSubject, Path.GetFileName(path), $"dry run of import {audit.What}: {would.Summary}", change)]);
                await logged.CommitAsync(CancellationToken.None);
                return would;
            }
            var result = found with { Created = created, Updated = updated, Unchanged = unchanged, Applied = true };
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

        async Task<bool> WriteRejectsAsync(IReadOnlyList<ImportError> rejected)
        {
            if (options.RejectsPath is null) return false;
            await CsvFile.WriteRejectsAsync(path, rejected, options.RejectsPath, cancellationToken);
            return true;
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

    private sealed record Checked(int Read, List<ImportError> Errors, Dictionary<string, int> Excluded, Dictionary<string, IReadOnlyDictionary<string, int>> Values, bool Unreadable);

    private async Task<Checked> CheckAsync(string path, CsvSource source, IProgress<ImportProgress>? progress,
        Func<List<TRow>, CancellationToken, Task<IReadOnlyList<ImportError>>>? checkAgainstDatabase, bool countValues, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var firstLineByReference = new Dictionary<UInt128, int>();
        var flaggedFirst = new HashSet<int>();
        var read = 0;
        var unreadable = false;
        var valid = new List<TRow>(BatchSize);
        async Task CheckBatchAsync()
        {
            if (checkAgainstDatabase is not null && valid.Count > 0) errors.AddRange(await checkAgainstDatabase(valid, cancellationToken));
            valid.Clear();
        }
        try
        {
            using var reader = CsvFile.OpenText(path);
            foreach (var row in parse(reader, source, rule => { read++; excluded[rule] = excluded.GetValueOrDefault(rule) + 1; }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                foreach (var reason in row.Errors) errors.Add(new ImportError(row.Line, reason));
                if (row.Errors.Count == 0)
                {
                    if (countValues) Count(row);
                    if (checkAgainstDatabase is not null)
                    {
                        valid.Add(row);
                        if (valid.Count == BatchSize) await CheckBatchAsync();
                    }
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
            unreadable = true;
        }
        catch (FileNotFoundException)
        {
            errors.Add(new ImportError(0, "The file does not exist."));
            unreadable = true;
        }
        progress?.Report(new ImportProgress("checked", read));
        return new Checked(read, [.. errors.OrderBy(e => e.Line)], // stable: a row's reasons keep their order
            excluded, values.ToDictionary(v => v.Key, v => (IReadOnlyDictionary<string, int>)v.Value, StringComparer.Ordinal), unreadable);

        void Count(TRow row)
        {
            foreach (var (column, value) in row.Counted)
            {
                if (!values.TryGetValue(column, out var counts)) values[column] = counts = new(StringComparer.Ordinal);
                var key = counts.ContainsKey(value) || counts.Count < CountedValues ? value : OtherValues;
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
    }
}
