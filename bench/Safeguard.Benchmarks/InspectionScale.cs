using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.App.Inspection;
using Safeguard.App.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Benchmarks;

/// <summary>
/// The capacity query and the inspection pack at force scale: N incidents over the last year on PostgreSQL (a million is
/// one incident every 32 s), alternately immediate and priority, one in five involving children, a quarter attended late
/// and one in seventy still open. Measured in the same run against the database's own work on the same rows:
/// <list type="bullet">
/// <item>capacity (<see cref="BuildCapacityReport"/> at now, every queue and district) against one SQL aggregate that
/// counts the same figures (open, overdue, oldest, arrivals and completions in the window) per kind and district;</item>
/// <item>the pack for the year (<see cref="InspectionPack.GatherAsync"/> and the XLSX written) against one query that
/// reads every clock of the year with its incident's district, grades and whether children are involved, each value
/// read and thrown away: what any pack must at least read.</item>
/// </list>
/// Each is run once to warm up, then three times; the median is reported, with the allocations and the peak working set.
/// </summary>
public static class InspectionScale
{
    public static async Task<int> RunAsync(int incidents)
    {
        var server = Environment.GetEnvironmentVariable(EscalationBurst.ServerVariable)
            ?? throw new InvalidOperationException($"Set {EscalationBurst.ServerVariable} to a PostgreSQL connection string (a server this may create databases on).");
        var name = "sg_inspection_" + Guid.NewGuid().ToString("N");
        await EscalationBurst.ExecuteAsync(server, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ToString();
        try
        {
            await using var host = EscalationBurst.Services(cs);
            await DatabaseSetup.PrepareAsync(host);
            var now = host.GetRequiredService<IClock>().GetCurrentInstant();
            var seeding = Stopwatch.StartNew();
            await using var data = new NpgsqlDataSourceBuilder(cs).UseNodaTime().Build();
            await SeedAsync(data, now, incidents, host.GetRequiredService<PolicyVersions>().CurrentId);
            Console.WriteLine($"seeded {incidents:N0} incidents in {seeding.Elapsed.TotalSeconds:0.0} s");

            var zone = host.GetRequiredService<Safeguard.Domain.Clocks.SafeguardPolicy>().Zone;
            var today = now.InZone(zone).Date;
            var period = new ReportPeriod(today.PlusDays(-366), today.PlusDays(1), zone);

            var capacity = await MeasureAsync("capacity (Safeguard)", async () =>
            {
                await using var scope = host.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<BuildCapacityReport>().BuildAsync(now, BuildCapacityReport.DefaultWindowDays);
                return report.Queues.Where(q => q.Team is null).Sum(q => q.Open);
            });
            var capacityBaseline = await MeasureAsync("capacity (one SQL aggregate)", () => CapacityBaselineAsync(data, now, BuildCapacityReport.DefaultWindowDays));
            if (capacity.Result != capacityBaseline.Result)
                throw new InvalidOperationException($"capacity counted {capacity.Result} open clocks, the aggregate {capacityBaseline.Result}");

            var pack = await MeasureAsync("pack for the year, XLSX (Safeguard)", async () =>
            {
                await using var scope = host.CreateAsyncScope();
                var watch = Stopwatch.StartNew();
                var contents = await scope.ServiceProvider.GetRequiredService<InspectionPack>().GatherAsync(period, "bench");
                var gathered = watch.Elapsed;
                using var file = new MemoryStream();
                PackWorkbook.Write(contents, file);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  pack: {contents.Rows.Values.Sum(r => r.Count):N0} breached rows, {file.Length / 1024.0 / 1024:0.0} MB of XLSX; gathered in {gathered.TotalMilliseconds:N0} ms, written in {(watch.Elapsed - gathered).TotalMilliseconds:N0} ms"));
                return contents.Rows.Values.Sum(r => r.Count);
            });
            var packBaseline = await MeasureAsync("reading the year's clocks with their incidents (one query)", () => PackBaselineAsync(data, period));

            Console.WriteLine();
            Console.WriteLine("| workload | Safeguard | baseline in the same run | ratio |");
            Console.WriteLine("| --- | --- | --- | --- |");
            Console.WriteLine(Row($"capacity at now, {incidents:N0} incidents", capacity, capacityBaseline));
            Console.WriteLine(Row($"inspection pack for a year as XLSX, {incidents:N0} incidents", pack, packBaseline));
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await EscalationBurst.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private sealed record Measured(string Name, TimeSpan Median, long AllocatedBytes, long PeakWorkingSet, long Result);

    private static string Row(string workload, Measured ours, Measured baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {workload} | {ours.Median.TotalMilliseconds:N0} ms, {ours.AllocatedBytes / 1024.0 / 1024:N0} MB allocated, peak working set {ours.PeakWorkingSet / 1024.0 / 1024:N0} MB | {baseline.Median.TotalMilliseconds:N0} ms | {ours.Median / baseline.Median:0.00} |");

    private static async Task<Measured> MeasureAsync(string name, Func<Task<long>> run)
    {
        await run();
        var times = new List<TimeSpan>();
        long result = 0, allocated = 0;
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            result = await run();
            times.Add(watch.Elapsed);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        using var process = Process.GetCurrentProcess();
        var measured = new Measured(name, times.Order().ElementAt(1), allocated, process.PeakWorkingSet64, result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {measured.Median.TotalMilliseconds:N0} ms of {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)))}; result {result:N0}"));
        return measured;
    }

    /// <summary>The same figures as the capacity report, counted by the database in one pass: returns the open clocks.</summary>
    private static async Task<long> CapacityBaselineAsync(NpgsqlDataSource data, Instant at, int windowDays)
    {
        await using var command = data.CreateCommand("""
            SELECT c."Kind", i."District",
                   count(*) FILTER (WHERE c."StartAt" <= $1 AND (c."ClosedAt" IS NULL OR c."ClosedAt" > $1)),
                   count(*) FILTER (WHERE c."StartAt" <= $1 AND (c."ClosedAt" IS NULL OR c."ClosedAt" > $1) AND c."DueAt" < $1),
                   min(c."StartAt") FILTER (WHERE c."StartAt" <= $1 AND (c."ClosedAt" IS NULL OR c."ClosedAt" > $1)),
                   count(*) FILTER (WHERE c."StartAt" > $2 AND c."StartAt" <= $1),
                   count(*) FILTER (WHERE c."ClosedAt" > $2 AND c."ClosedAt" <= $1)
            FROM clocks c LEFT JOIN incidents i ON i."Id" = c."SubjectId"
            GROUP BY c."Kind", i."District"
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        command.Parameters.Add(new NpgsqlParameter { Value = at - Duration.FromDays(windowDays) });
        long open = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) open += reader.GetInt64(2);
        return open;
    }

    /// <summary>Reads every clock of the period with its incident's facts, each value once: returns the rows read.</summary>
    private static async Task<long> PackBaselineAsync(NpgsqlDataSource data, ReportPeriod period)
    {
        await using var command = data.CreateCommand("""
            SELECT c."Id", c."Kind", c."StartAt", c."Target", c."WarningAt", c."DueAt", c."StoppedAt", c."EndedAt", c."WithdrawnAt", c."PausedSince",
                   s."Kind", s."Reference", i."District", i."InitialGrade", i."CurrentGrade", i."ChildrenInvolved", i."CreatedAt", i."ArrivedAt"
            FROM clocks c JOIN subjects s ON s."Id" = c."SubjectId" LEFT JOIN incidents i ON i."Id" = c."SubjectId"
            WHERE c."StartAt" >= $1 AND c."StartAt" < $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        command.Parameters.Add(new NpgsqlParameter { Value = period.End });
        long rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return rows;
    }

    /// <summary>Stores the incidents, each with its recorded event and attendance clock, in a few set-based statements.</summary>
    private static Task SeedAsync(NpgsqlDataSource data, Instant now, int incidents, long policyVersion)
    {
        var step = 365.0 * 86400 / incidents;
        object[] values = [now, incidents, policyVersion, step];
        return EscalationBurst.SeedAsync(data, values,
        [
            """
            INSERT INTO subjects ("Id", "Kind", "Reference", "RecordedAt", "EventCount", "Version")
                SELECT g, 'incident', 'INSP-' || lpad(g::text, 8, '0'), $1 - make_interval(secs => $4 * g), 1, 1 FROM generate_series(1, $2) g
            """,
            """
            INSERT INTO incidents ("Id", "CreatedAt", "InitialGrade", "CurrentGrade", "ChildrenInvolved", "District", "ArrivedAt")
                SELECT g, s, 1 + g % 2, 1 + g % 2, g % 5 = 0, (ARRAY['North','South','East','West'])[1 + g % 4],
                       CASE WHEN g % 70 = 0 THEN NULL WHEN g % 4 = 1 THEN s + interval '75 minutes' ELSE s + interval '12 minutes' END
                FROM (SELECT g, $1 - make_interval(secs => $4 * g) AS s FROM generate_series(1, $2) g) x
            """,
            """
            INSERT INTO events ("SubjectId", "Sequence", "Kind", "At", "RecordedAt", "Author", "Data")
                SELECT g, 1, 'recorded', $1 - make_interval(secs => $4 * g), $1 - make_interval(secs => $4 * g), 'bench', '{}' FROM generate_series(1, $2) g
            """,
            """
            INSERT INTO clocks ("SubjectId", "Kind", "Cycle", "PolicyVersionId", "StartAt", "Target", "WarningAt", "DueAt", "StoppedAt", "ClosedAt", "State", "KnownSince")
                SELECT g, 'attendance', 0, $3, s, t, s + t * 0.75, s + t, a, a,
                       CASE WHEN a IS NULL THEN 'open' WHEN a > s + t THEN 'met-late' ELSE 'met' END, s
                FROM (SELECT g, s, t, CASE WHEN g % 70 = 0 THEN NULL WHEN g % 4 = 1 THEN s + interval '75 minutes' ELSE s + interval '12 minutes' END AS a
                      FROM (SELECT g, $1 - make_interval(secs => $4 * g) AS s,
                                   CASE WHEN g % 2 = 0 THEN interval '15 minutes' ELSE interval '1 hour' END AS t
                            FROM generate_series(1, $2) g) x) y
            """,
            "SELECT setval(pg_get_serial_sequence('subjects', 'Id'), $2)",
            "ANALYZE",
        ]);
    }
}
