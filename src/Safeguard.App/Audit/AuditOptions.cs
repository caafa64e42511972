using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Data;
using Safeguard.Domain.Audit;

namespace Safeguard.App.Audit;

/// <summary>
/// Configuration section <c>Audit</c>: what keeps the s.62 log honest from outside the database. <c>Key</c> is the
/// chain's HMAC key (base64, at least 32 bytes; from the force's secret store in production), else it is read from
/// <c>KeyFile</c> (default <c>data/audit.key</c>, created with a random key, readable by its owner only, on first use).
/// <c>AnchorFile</c> is where the log's head is written every <c>AnchorMinutes</c> (default 5): beside a SQLite
/// database, else <c>data/audit-DATABASE@HOST-PORT.anchor</c>. Neither the key nor the anchor may live where the database's writers can
/// reach them.
/// </summary>
public sealed class AuditOptions
{
    public required byte[] Key { get; init; }
    public required string AnchorFile { get; init; }
    public required Duration AnchorEvery { get; init; }

    public static AuditOptions From(IConfiguration configuration, DatabaseOptions database)
    {
        var section = configuration.GetSection("Audit");
        var key = section["Key"] is { Length: > 0 } text
            ? Decode(text, "Audit:Key")
            : FromFile(DatabaseOptions.FromCheckout(section["KeyFile"] is { Length: > 0 } file ? file : "data/audit.key"));
        var minutes = section.GetValue("AnchorMinutes", 5.0);
        if (minutes is <= 0 or > 24 * 60) throw new InvalidOperationException("Audit:AnchorMinutes must be more than 0 and at most a day.");
        return new AuditOptions
        {
            Key = key,
            AnchorFile = section["AnchorFile"] is { Length: > 0 } anchor ? DatabaseOptions.FromCheckout(anchor) : DefaultAnchor(database),
            AnchorEvery = Duration.FromMinutes(minutes),
        };
    }

    /// <summary>One anchor per database: beside a SQLite file, else named after the PostgreSQL server and database.</summary>
    private static string DefaultAnchor(DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
            return SqliteLease.PathFor(database.ConnectionString) is { } lease ? Path.ChangeExtension(lease, ".anchor") : DatabaseOptions.FromCheckout("data/audit.anchor");
        var server = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var name = string.Concat($"{server.Database}@{server.Host}-{server.Port}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '-' or '_' or '.' ? c : '_'));
        return DatabaseOptions.FromCheckout($"data/audit-{name}.anchor");
    }

    private static byte[] Decode(string text, string where)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{where} is not base64.");
        }
        return key.Length >= AuditChain.MinimumKeyBytes ? key : throw new InvalidOperationException($"{where} must be at least {AuditChain.MinimumKeyBytes} bytes.");
    }

    private static byte[] FromFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var created = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                created.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(AuditChain.MinimumKeyBytes)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        return Decode(File.ReadAllText(path), path);
    }
}

/// <summary>The end of the s.62 log at an instant: its last entry's sequence and hash.</summary>
public sealed record AuditHead(long Sequence, string Hash, Instant At);

/// <summary>
/// Writes the log's head to a file outside the database, on a schedule and at every stop, so that deleting the newest
/// entries, or all of them, is found by <see cref="AuditTrail.VerifyAsync"/>: the chain must reach every anchored head
/// with the anchored hash. Each line is <c>sequence, hash, instant</c>, tab-separated, appended and flushed to disk.
/// </summary>
public sealed class AuditAnchor(IServiceScopeFactory scopes, AuditOptions options, IClock clock) : IDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private AuditHead? _written; // the head this instance anchored last, so each turn need not read the file again

    /// <summary>Appends the log's head unless it is the head last anchored; returns the head (null while the log is empty).</summary>
    public async Task<AuditHead?> WriteAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (head is null) return null;
        var now = new AuditHead(head.Sequence, head.Hash, clock.GetCurrentInstant());
        await _writing.WaitAsync(cancellationToken);
        try
        {
            _written ??= Last();
            if (_written is { } last && last.Sequence == now.Sequence && last.Hash == now.Hash) return last;
            Directory.CreateDirectory(Path.GetDirectoryName(options.AnchorFile)!);
            await using var file = new FileStream(options.AnchorFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            var line = string.Create(CultureInfo.InvariantCulture, $"{now.Sequence}\t{now.Hash}\t{InstantPattern.ExtendedIso.Format(now.At)}\n");
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(line), cancellationToken);
            file.Flush(flushToDisk: true);
            return _written = now;
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();

    /// <summary>The head anchored last (the highest sequence in the file), or null when nothing has been anchored.</summary>
    public AuditHead? Last()
    {
        if (!File.Exists(options.AnchorFile)) return null;
        AuditHead? last = null;
        foreach (var line in File.ReadLines(options.AnchorFile))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                && InstantPattern.ExtendedIso.Parse(parts[2]) is { Success: true } at && (last is null || sequence >= last.Sequence))
                last = new AuditHead(sequence, parts[1], at.Value);
        }
        return last;
    }
}
