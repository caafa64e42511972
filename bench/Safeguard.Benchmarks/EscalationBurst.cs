using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Extensions;
using Npgsql;
using Safeguard.App;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;

namespace Safeguard.Benchmarks;

/// <summary>
/// The engine in a burst: N open priority incidents whose attendance clocks all breach at the same instant, on
/// PostgreSQL, cleared by one or more engine instances (each its own services and connection pool, as separate
/// processes would be) sharing the work through <c>FOR UPDATE SKIP LOCKED</c>. Measures the time to clear the burst and
/// the steps per second; then checks every step fired exactly once and how far the recorded instants spread (true times:
/// the last batch says when it was written, not when the burst began). The baseline in the same run is one statement
/// inserting N rows shaped like notifications into a scratch table: the database's own floor for writing that much.
/// </summary>
public static class EscalationBurst
{
    public const string ServerVariable = "SAFEGUARD_BENCH_POSTGRES";

    public static async Task<int> RunAsync(int clocks, int[] instanceCounts)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException($"Set {ServerVariable} to a PostgreSQL connection string (a server this may create databases on).");
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string>();
        foreach (var instances in instanceCounts)
        {
            var name = "sg_burst_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(server, $"CREATE DATABASE {name}");
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ToString();
            try
            {
                rows.Add(await BurstAsync(cs, clocks, instances, inv));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
        Console.WriteLine("| instances | clocks breaching at once | time to clear | steps per second | baseline: one INSERT of as many rows | clear / baseline | recorded instants spread | each step once |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var row in rows) Console.WriteLine(row);
        return rows.All(r => r.EndsWith("| yes |", StringComparison.Ordinal)) ? 0 : 1;
    }

    private static async Task<string> BurstAsync(string cs, int clocks, int instances, IFormatProvider inv)
    {
        var hosts = Enumerable.Range(0, instances).Select(_ => Services(cs)).ToList();
        try
        {
            await DatabaseSetup.PrepareAsync(hosts[0]);
            var clock = hosts[0].GetRequiredService<IClock>();
            var policy = hosts[0].GetRequiredService<SafeguardPolicy>().Attendance;
            var version = hosts[0].GetRequiredService<PolicyVersions>().CurrentId;
            foreach (var host in hosts.Skip(1)) await DatabaseSetup.PrepareAsync(host);

            await using var data = new NpgsqlDataSourceBuilder(cs).UseNodaTime().Build();
            // The burst: every clock's warning has fired and its breach falls due at the same instant, just past.
            var breach = clock.GetCurrentInstant() + Duration.FromSeconds(1);
            var created = breach - policy.Priority;
            object[] values = [created, created, breach, clocks, version, policy.Priority, created + (policy.Priority * policy.WarningFraction)];
            await SeedAsync(data, values,
                     [
                         """
                         INSERT INTO subjects ("Id", "Kind", "Reference", "RecordedAt", "EventCount", "Version")
                             SELECT g, 'incident', 'BURST-' || lpad(g::text, 7, '0'), $1, 1, 1 FROM generate_series(1, $4) g
                         """,
                         """
                         INSERT INTO incidents ("Id", "CreatedAt", "InitialGrade", "CurrentGrade", "ChildrenInvolved", "District")
                             SELECT g, $2, 2, 2, true, 'North' FROM generate_series(1, $4) g
                         """,
                         """
                         INSERT INTO clocks ("SubjectId", "Kind", "Cycle", "PolicyVersionId", "StartAt", "Target", "WarningAt", "DueAt", "State", "KnownSince", "NextEscalationAt", "FiredSteps")
                             SELECT g, 'attendance', 0, $5, $2, $6, $7, $3, 'open', $1, $3, 'warning' FROM generate_series(1, $4) g
                         """,
                         "SELECT setval(pg_get_serial_sequence('subjects', 'Id'), $4)",
                     ]);
            await using (var analyze = data.CreateCommand("ANALYZE")) await analyze.ExecuteNonQueryAsync();
            while (clock.GetCurrentInstant() <= breach) await Task.Delay(50);

            // Baseline: the database writing as many notification-shaped rows in one statement.
            await using (var scratch = data.CreateCommand("CREATE TABLE baseline (LIKE notifications INCLUDING ALL)")) await scratch.ExecuteNonQueryAsync();
            var baseline = Stopwatch.StartNew();
            await using (var floor = data.CreateCommand("""
                INSERT INTO baseline ("Recipient", "Kind", "Reference", "Subject", "CreatedAt", "DueAt", "ClockId")
                    SELECT 'duty-inspector', 'incident', 'BURST-' || g, 'Attendance target missed', now(), now(), g FROM generate_series(1, $1) g
                """))
            {
                floor.Parameters.AddWithValue(clocks);
                await floor.ExecuteNonQueryAsync();
            }
            baseline.Stop();

            var now = clock.GetCurrentInstant();
            var clear = Stopwatch.StartNew();
            var fired = await Task.WhenAll(hosts.Select(async host =>
            {
                await using var scope = host.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<EscalateDueClocks>().RunAsync(now);
            }));
            clear.Stop();

            await using var check = data.CreateCommand("""
                SELECT count(*), count(DISTINCT "ClockId"), min("CreatedAt"), max("CreatedAt"),
                       (SELECT count(*) FROM events WHERE "Kind" = 'escalated'),
                       (SELECT count(*) FROM clocks WHERE "NextEscalationAt" <= $1)
                FROM notifications
                """);
            check.Parameters.AddWithValue(breach);
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (notifications, distinct, first, last, events, stillDue) =
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<Instant>(2), reader.GetFieldValue<Instant>(3), reader.GetInt64(4), reader.GetInt64(5));
            var once = notifications == clocks && distinct == clocks && events == clocks && stillDue == 0 && fired.Sum() == clocks;
            Console.Error.WriteLine(string.Create(inv,
                $"{instances} instance(s): fired {string.Join(" + ", fired)}; {notifications} notifications on {distinct} clocks, {events} events, {stillDue} still due"));
            var seconds = clear.Elapsed.TotalSeconds;
            return string.Create(inv,
                $"| {instances} | {clocks:N0} | {seconds:0.0} s | {clocks / seconds:N0} | {baseline.Elapsed.TotalSeconds:0.00} s | {seconds / baseline.Elapsed.TotalSeconds:0.0} | {(last - first).TotalSeconds:0.0} s | {(once ? "yes" : "NO")} |");
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    /// <summary>The application's services over PostgreSQL database <paramref name="cs"/>, on the system clock.</summary>
    internal static ServiceProvider Services(string cs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Safeguard"] = cs,
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock>(TimeProvider.System.ToClock());
        services.AddLogging();
        services.AddSafeguardApp();
        return services.BuildServiceProvider();
    }

    /// <summary>Runs each of <paramref name="statements"/> in turn, with as many of <paramref name="values"/> as it uses ($1, $2, …).</summary>
    internal static async Task SeedAsync(NpgsqlDataSource data, object[] values, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            await using var seed = data.CreateCommand(sql);
            var used = System.Text.RegularExpressions.Regex.Matches(sql, @"\$(\d)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            foreach (var value in values.Take(used)) seed.Parameters.Add(new NpgsqlParameter { Value = value });
            await seed.ExecuteNonQueryAsync();
        }
    }

    internal static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
