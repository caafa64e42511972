using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Extensions;
using Safeguard.App;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Web.Clocks;

namespace Safeguard.Benchmarks;

/// <summary>
/// The scale benchmark for the clock engine: with N open attendance clocks in an SQLite database, one more clock is
/// set to breach a few seconds ahead; the real engine runs; the latency is from the breach instant to the notification
/// row. The baseline in the same run is a naive sweep: reading and evaluating every open clock once, which is what a
/// periodic poll would cost per pass. Memory is the process's working set and managed heap while the engine runs.
/// </summary>
public static class ClockSweepScale
{
    public static async Task<int> RunAsync(int clocks, int breaches)
    {
        var file = Path.Combine(Path.GetTempPath(), $"safeguard-bench-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Safeguard"] = $"Data Source={file}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock>(TimeProvider.System.ToClock());
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
        services.AddSafeguardApp();
        await using var provider = services.BuildServiceProvider();
        await DatabaseSetup.PrepareAsync(provider);
        var clock = provider.GetRequiredService<IClock>();
        var policy = provider.GetRequiredService<SafeguardPolicy>().Attendance;
        var version = provider.GetRequiredService<PolicyVersions>().CurrentId;

        var seed = Stopwatch.StartNew();
        var now = clock.GetCurrentInstant();
        await SeedAsync(file, clocks, now, policy, version);
        Console.Error.WriteLine($"seeded {clocks:N0} open clocks in {seed.Elapsed.TotalSeconds:0.0} s");

        // Baseline: one naive sweep over every open clock in the ledger, each judged by the domain.
        var sweep = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var due = 0;
            await foreach (var c in db.Clocks.AsNoTracking().Where(c => c.State == Safeguard.App.Subjects.ClockRecord.Open).AsAsyncEnumerable())
                if (c.ToEntry().StateAt(now) == ClockState.Breached) due++;
        }
        sweep.Stop();

        var engine = new ClockEngine(provider, clock, TimeProvider.System, provider.GetRequiredService<ChangeSignal>(), configuration,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<ClockEngine>());
        await engine.StartAsync(CancellationToken.None);
        var latencies = new List<double>();
        for (var b = 0; b < breaches; b++)
        {
            // A priority clock created 60 minutes and a little before "now + 2 s": it breaches 2 s from now.
            var breachAt = clock.GetCurrentInstant() + Duration.FromSeconds(2);
            var created = breachAt - policy.Priority - Duration.Epsilon;
            var reference = $"BREACH-{b}";
            await InsertOneAsync(file, clocks + b + 1, reference, created, clock.GetCurrentInstant(), policy, version);
            latencies.Add(await WaitForNotificationAsync(file, reference, breachAt, clock));
        }
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        await engine.StopAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);

        var inv = CultureInfo.InvariantCulture;
        Console.Error.WriteLine("latencies in order (ms): " + string.Join(", ", latencies.Select(l => l.ToString("0.0", inv))));
        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        Console.WriteLine(string.Create(inv, $"| open clocks | breaches | median latency | worst latency | target | naive sweep (baseline) | latency / sweep | working set | managed heap |"));
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(inv,
            $"| {clocks:N0} | {breaches} | {median:0.0} ms | {latencies[^1]:0.0} ms | 1000 ms | {sweep.Elapsed.TotalMilliseconds:0} ms | {median / sweep.Elapsed.TotalMilliseconds:0.0000} | {workingSet / 1048576.0:0} MB | {managed / 1048576.0:0} MB |"));
        return latencies[^1] <= 1000 ? 0 : 1;
    }

    /// <summary>
    /// Writes <paramref name="count"/> open incidents straight into the tables (a subject, its projection and its
    /// attendance clock in the ledger), as the store would leave them: scheduled clocks (48 h) started in the last hour,
    /// open, warning 36 h on, nothing due during the run.
    /// </summary>
    private static async Task SeedAsync(string file, int count, Instant now, AttendancePolicy policy, long version)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var insert = Commands(connection, transaction);
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var created = now - Duration.FromSeconds(random.Next(0, 3600));
            await insert(i + 1, $"OPEN-{i:D7}", created, created, 3, policy.Scheduled, policy.WarningFraction, null, created + (policy.Scheduled * policy.WarningFraction), version);
        }
        await transaction.CommitAsync();
    }

    /// <summary>One priority incident whose warning has fired, due to breach just after its due instant.</summary>
    private static async Task InsertOneAsync(string file, long id, string reference, Instant created, Instant recorded, AttendancePolicy policy, long version)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await Commands(connection, transaction)(id, reference, created, recorded, 2, policy.Priority, policy.WarningFraction, "warning", created + policy.Priority + Duration.Epsilon, version);
        await transaction.CommitAsync();
    }

    private delegate Task Insert(long id, string reference, Instant created, Instant recorded, int grade, Duration target, double warning, string? fired, Instant next, long version);

    private static Insert Commands(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }
        var subject = Command("INSERT INTO subjects (Id, Kind, Reference, RecordedAt, EventCount, Version) VALUES ($id, 'incident', $r, $rec, 1, 1)");
        var incident = Command("INSERT INTO incidents (Id, CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, District) VALUES ($id, $c, $g, $g, 1, 'North')");
        var ledger = Command("""
            INSERT INTO clocks (SubjectId, Kind, Cycle, PolicyVersionId, StartAt, Target, WarningAt, DueAt, State, KnownSince, NextEscalationAt, FiredSteps)
            VALUES ($id, 'attendance', 0, $v, $c, $t, $w, $d, 'open', $rec, $n, $f)
            """);
        return async (id, reference, created, recorded, grade, target, warning, fired, next, version) =>
        {
            foreach (var command in new[] { subject, incident, ledger })
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$id", id);
            }
            subject.Parameters.AddWithValue("$r", reference);
            subject.Parameters.AddWithValue("$rec", recorded.ToUnixTimeTicks());
            incident.Parameters.AddWithValue("$c", created.ToUnixTimeTicks());
            incident.Parameters.AddWithValue("$g", grade);
            ledger.Parameters.AddWithValue("$v", version);
            ledger.Parameters.AddWithValue("$c", created.ToUnixTimeTicks());
            ledger.Parameters.AddWithValue("$t", target.BclCompatibleTicks);
            ledger.Parameters.AddWithValue("$w", (created + (target * warning)).ToUnixTimeTicks());
            ledger.Parameters.AddWithValue("$d", (created + target).ToUnixTimeTicks());
            ledger.Parameters.AddWithValue("$rec", recorded.ToUnixTimeTicks());
            ledger.Parameters.AddWithValue("$n", next.ToUnixTimeTicks());
            ledger.Parameters.AddWithValue("$f", (object?)fired ?? DBNull.Value);
            foreach (var command in new[] { subject, incident, ledger }) await command.ExecuteNonQueryAsync();
        };
    }

    private static async Task<double> WaitForNotificationAsync(string file, string reference, Instant breachAt, IClock clock)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CreatedAt FROM notifications WHERE Reference = $r AND Recipient = 'duty-inspector'";
        command.Parameters.AddWithValue("$r", reference);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(2));
        while (true)
        {
            if (await command.ExecuteScalarAsync() is long)
                return (clock.GetCurrentInstant() - breachAt).TotalMilliseconds;
            if (clock.GetCurrentInstant() > breachAt + Duration.FromSeconds(30)) throw new TimeoutException("No notification within 30 s.");
            await poll.WaitForNextTickAsync();
        }
    }
}
