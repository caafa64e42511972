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
        var policy = provider.GetRequiredService<AttendancePolicy>();

        var seed = Stopwatch.StartNew();
        var now = clock.GetCurrentInstant();
        await SeedAsync(file, clocks, now, policy);
        Console.Error.WriteLine($"seeded {clocks:N0} open clocks in {seed.Elapsed.TotalSeconds:0.0} s");

        // Baseline: one naive sweep over every open clock.
        var sweep = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var due = 0;
            await foreach (var i in db.Incidents.AsNoTracking().Where(i => i.ClosedAt == null && i.ArrivedAt == null).AsAsyncEnumerable())
                if (IncidentHistory.AttendanceClock(i.ToFacts(), policy)?.Evaluate(now) == ClockState.Breached) due++;
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
            await InsertOneAsync(file, reference, created, clock.GetCurrentInstant(), policy);
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

    private static async Task SeedAsync(string file, int count, Instant now, AttendancePolicy policy)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO incidents (Reference, CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, District, AttendanceDueAt, EventCount, Version, RecordedAt, NextEscalationAt)
            VALUES ($r, $c, 3, 3, 1, 'North', $d, 1, 1, $c, $n)
            """;
        var r = command.Parameters.Add("$r", SqliteType.Text);
        var c = command.Parameters.Add("$c", SqliteType.Integer);
        var d = command.Parameters.Add("$d", SqliteType.Integer);
        var n = command.Parameters.Add("$n", SqliteType.Integer);
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            // Scheduled clocks (48 h) started in the last hour: open, warning 36 h on, nothing due during the run.
            var created = now - Duration.FromSeconds(random.Next(0, 3600));
            r.Value = $"OPEN-{i:D7}";
            c.Value = created.ToUnixTimeTicks();
            d.Value = (created + policy.Scheduled).ToUnixTimeTicks();
            n.Value = (created + policy.Scheduled * policy.WarningFraction).ToUnixTimeTicks();
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task InsertOneAsync(string file, string reference, Instant created, Instant recorded, AttendancePolicy policy)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO incidents (Reference, CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, AttendanceDueAt, EventCount, Version, RecordedAt, EscalatedSteps, NextEscalationAt)
            VALUES ($r, $c, 2, 2, 1, $d, 1, 1, $rec, 'warning', $n)
            """;
        command.Parameters.AddWithValue("$r", reference);
        command.Parameters.AddWithValue("$c", created.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$d", (created + policy.Priority).ToUnixTimeTicks());
        command.Parameters.AddWithValue("$rec", recorded.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$n", (created + policy.Priority + Duration.Epsilon).ToUnixTimeTicks());
        await command.ExecuteNonQueryAsync();
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
