using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

/// <summary>
/// Wrong passwords (or codes) for one account from one address, kept in the database so that every instance of the
/// application counts the same tries. <see cref="Key"/> is a SHA-256 of the account and the address: neither is kept
/// as such. <see cref="NextTry"/> is Unix milliseconds, so one statement works out the next wait on both databases.
/// </summary>
public sealed class SignInFailure
{
    public required string Key { get; set; }
    public int Count { get; set; }
    public long NextTry { get; set; }

    /// <summary>Whether the latest try was let through (false: it came during a wait and was refused).</summary>
    public bool Taken { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> e)
    {
        e.ToTable("sign_in_failures");
        e.HasKey(f => f.Key);
        e.Property(f => f.Key).HasMaxLength(64);
        e.HasIndex(f => f.NextTry);
    }
}

/// <summary>
/// Slows a guesser down without locking anyone out. Wrong passwords for one account from one address earn a growing
/// wait before that address may try that account again (none for the first <see cref="FreeTries"/>, then 2, 4, 8 …
/// seconds, at most <see cref="LongestWait"/>); the person themselves, from their own address, is not held back by
/// someone else's guesses. Counted in the database in one atomic statement, so tries spread over several instances,
/// or sent all at once, are counted as they arrive, before any password is checked. A right password clears it.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, IClock clock)
{
    public const int FreeTries = 3;
    public static readonly Duration LongestWait = Duration.FromMinutes(15);

    /// <summary>
    /// Takes a try for this account from this address, counted as wrong until <see cref="SucceededAsync"/> says
    /// otherwise. Returns how long to wait when no try may be taken now (zero when it was taken).
    /// </summary>
    public async Task<Duration> TryBeginAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        var longest = (long)LongestWait.TotalMilliseconds;
        // A try during a wait changes nothing; otherwise the count goes up and the next wait is 2^(count - free) seconds, capped.
        const string sql = """
            INSERT INTO sign_in_failures ("Key", "Count", "NextTry", "Taken") VALUES (@key, 1, @now, @yes)
            ON CONFLICT ("Key") DO UPDATE SET
              "Taken" = CASE WHEN sign_in_failures."NextTry" > @now THEN @no ELSE @yes END,
              "NextTry" = CASE WHEN sign_in_failures."NextTry" > @now THEN sign_in_failures."NextTry"
                          WHEN sign_in_failures."Count" + 1 <= @free THEN @now
                          WHEN sign_in_failures."Count" + 1 - @free >= 10 THEN @now + @longest
                          ELSE @now + 1000 * (1 << (sign_in_failures."Count" + 1 - @free)) END,
              "Count" = CASE WHEN sign_in_failures."NextTry" > @now THEN sign_in_failures."Count" ELSE sign_in_failures."Count" + 1 END
            RETURNING "NextTry", "Taken"
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Add(command, "key", Key(email, address));
            Add(command, "now", now);
            Add(command, "free", FreeTries);
            Add(command, "longest", Math.Min(longest, 1000L << 10));
            Add(command, "yes", true);
            Add(command, "no", false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (nextTry, taken) = (reader.GetInt64(0), reader.GetBoolean(1));
            return taken ? Duration.Zero : Duration.FromMilliseconds(nextTry - now);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The right password: this account's tries from this address start again; long-finished waits are forgotten.</summary>
    public async Task SucceededAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var key = Key(email, address);
        var forgotten = clock.GetCurrentInstant().ToUnixTimeMilliseconds() - 2 * (long)LongestWait.TotalMilliseconds;
        await db.Set<SignInFailure>().Where(f => f.Key == key || f.NextTry < forgotten).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Key(string email, string? address) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant() + "|" + (address ?? ""))));

    public static string Words(Duration wait) => wait.TotalSeconds < 60
        ? $"{Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)} seconds"
        : $"{Math.Ceiling(wait.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture)} minutes";
}
