using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Safeguard.App.Access;
using Safeguard.App.Audit;
using Safeguard.App.Data;

namespace Safeguard.Benchmarks;

/// <summary>
/// The incident API under load, at force scale: N incidents stored on PostgreSQL (as <see cref="BoardLatency"/> stores
/// them, each with a history the API can read), the web application as production runs it on loopback, and a second
/// process sending requests from C connections for S seconds. Measured: GET of a random incident (each read logged in
/// the s.62 log before its answer), then POST of new incidents. The baseline in the same run is a bare ASP.NET Core
/// endpoint answering the same JSON from memory, loaded the same way. Afterwards every answered read must have its own
/// consultation entry, and the chain must verify.
/// </summary>
public static class ApiThroughput
{
    public static async Task<int> RunAsync(int incidents, int seconds, int connections)
    {
        var server = Environment.GetEnvironmentVariable(EscalationBurst.ServerVariable)
            ?? throw new InvalidOperationException($"Set {EscalationBurst.ServerVariable} to a PostgreSQL connection string (a server this may create databases on).");
        var name = "sg_api_" + Guid.NewGuid().ToString("N");
        await EscalationBurst.ExecuteAsync(server, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ToString();
        try
        {
            await BoardLatency.SeedAsync(cs, incidents);
            await WriteHistoriesAsync(cs, incidents);
            await using var app = await BoardLatency.StartAsync(cs);
            return await MeasureAsync(app, incidents, seconds, connections);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await EscalationBurst.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>Gives each stored incident the history its projection says: one statement of its facts.</summary>
    private static async Task WriteHistoriesAsync(string cs, int incidents)
    {
        await using var data = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ToString()).Build();
        await using var update = data.CreateCommand("""
            UPDATE events e SET "Data" = jsonb_build_object('$kind', 'recorded', 'at', t.created, 'author', 'bench', 'reason', 'imported from line 1',
                'facts', jsonb_build_object('createdAt', t.created, 'initialGrade', t.grade, 'currentGrade', t.grade, 'childrenInvolved', i."ChildrenInvolved",
                    'district', i."District", 'arrivedAt', t.arrived))::text
            FROM incidents i,
                 LATERAL (SELECT to_char(i."CreatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created,
                                 to_char(i."ArrivedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS arrived,
                                 CASE i."InitialGrade" WHEN 1 THEN 'immediate' ELSE 'priority' END AS grade) t
            WHERE e."SubjectId" = i."Id"
            """);
        await update.ExecuteNonQueryAsync();
        await using var analyze = data.CreateCommand("ANALYZE events");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<int> MeasureAsync(WebApplication app, int incidents, int seconds, int connections)
    {
        var inv = CultureInfo.InvariantCulture;
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("bench command and control", Roles.CommandAndControl)).Secret;
        var safeguard = BoardLatency.Address(app);

        // The bare endpoint answers what Safeguard answers for one incident, from memory, without a key.
        using var probe = new HttpClient { BaseAddress = safeguard };
        probe.DefaultRequestHeaders.Add("X-Api-Key", key);
        var sample = await probe.GetByteArrayAsync("/api/incidents/BOARD-00000001");
        var bare = WebApplication.CreateSlimBuilder();
        bare.Logging.ClearProviders();
        bare.WebHost.UseUrls("http://127.0.0.1:0");
        await using var baseline = bare.Build();
        baseline.MapGet("/api/incidents/{reference}", (string reference) => Results.Bytes(sample, "application/json"));
        await baseline.StartAsync();

        var one = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++) (await probe.GetAsync(string.Create(inv, $"/api/incidents/BOARD-{i + 1:D8}"))).EnsureSuccessStatusCode();
        var sequential = one.Elapsed.TotalMilliseconds / 200;
        var (before, commitsBefore) = (await ConsultationsAsync(app), await CommitsAsync(app));
        var bareGet = await LoadAsync(BoardLatency.Address(baseline), null, "get", incidents, seconds, connections);
        var get = await LoadAsync(safeguard, key, "get", incidents, seconds, connections);
        var logged = await ConsultationsAsync(app) - before;
        var commits = await CommitsAsync(app) - commitsBefore;
        var post = await LoadAsync(safeguard, key, "post", incidents, Math.Max(3, seconds / 2), connections);
        AuditVerification verified;
        await using (var scope = app.Services.CreateAsyncScope())
            verified = await scope.ServiceProvider.GetRequiredService<AuditTrail>().VerifyAsync();

        Console.WriteLine(string.Create(inv, $"{incidents:N0} incidents stored (PostgreSQL); {connections} connections for {seconds} s from a second process on loopback; one answer is {sample.Length:N0} bytes"));
        Console.WriteLine(string.Create(inv, $"One GET at a time: {sequential:0.00} ms each"));
        Console.WriteLine();
        Console.WriteLine("| workload | requests/s | p50 | p99 | errors | baseline requests/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row("GET /api/incidents/{ref}", get, bareGet));
        Console.WriteLine(Row("GET, bare ASP.NET Core endpoint (same JSON from memory)", bareGet, null));
        Console.WriteLine(Row("POST /api/incidents", post, null));
        Console.WriteLine();
        // The seeded histories were written by no change, so only the chain itself is checked, not that every event is accounted for.
        var chained = verified.Break is null;
        Console.WriteLine(string.Create(inv, $"Reads answered (with the warm-up second): {get.Answered:N0}; consultation entries written for them: {logged:N0}, in {commits:N0} commits; the chain is unbroken: {chained} ({verified.Entries:N0} entries)."));
        return get.Answered == logged && chained && get.Errors == 0 && post.Errors == 0 ? 0 : 1;

        string Row(string what, LoadResult r, LoadResult? against) => string.Create(inv,
            $"| {what} | {r.PerSecond:N0} | {r.P50:0.0} ms | {r.P99:0.0} ms | {r.Errors} | {(against is null ? "" : against.PerSecond.ToString("N0", inv))} | {(against is null ? "" : (r.PerSecond / against.PerSecond).ToString("0.00", inv))} |");
    }

    /// <summary>How many commits wrote the consultations: the entries of one commit share its instant.</summary>
    private static async Task<long> CommitsAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.Where(e => e.Action == "Consultation" && e.Subject == "incident").Select(e => e.At).Distinct().LongCountAsync();
    }

    private static async Task<long> ConsultationsAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.LongCountAsync(e => e.Action == "Consultation" && e.Subject == "incident");
    }

    /// <summary>What a load run got: answers counted (after the warm-up), errors, the seconds counted, latencies, and every answer including the warm-up's.</summary>
    private sealed record LoadResult(long Ok, long Errors, double Seconds, double P50, double P99, long Answered)
    {
        public double PerSecond => Ok / Seconds;
    }

    /// <summary>Runs the load from a second process (this program with <c>load</c>) and reads its one line of results.</summary>
    private static async Task<LoadResult> LoadAsync(Uri target, string? key, string mode, int incidents, int seconds, int connections)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ApiThroughput).Assembly.Location);
        foreach (var a in new[] { "load", target.ToString(), key ?? "-", mode, incidents.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture), connections.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The load process failed: {output}");
        return JsonSerializer.Deserialize<LoadResult>(output.Trim().Split('\n')[^1])!;
    }

    /// <summary>
    /// The second process (<c>load URL KEY get|post INCIDENTS SECONDS CONNECTIONS</c>): one loop per connection, each one
    /// request at a time, for the seconds given (after a second's warm-up not counted), at most a million requests in all. GET asks for
    /// random stored incidents; POST creates new ones.
    /// </summary>
    public static async Task<int> LoadProcessAsync(string[] args)
    {
        var (target, key, mode) = (new Uri(args[1]), args[2] == "-" ? null : args[2], args[3]);
        // This load process's one reading of the system clock: new incidents are created a minute before it.
        var createdAt = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var (incidents, seconds, connections) = (int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), int.Parse(args[6], CultureInfo.InvariantCulture));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var latencies = new ConcurrentBag<List<double>>();
        long ok = 0, errors = 0, sent = 0, created = 0, answered = 0;
        var warm = Stopwatch.StartNew();
        var measuring = new Stopwatch();
        var stopAt = TimeSpan.FromSeconds(seconds + 1);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async loop =>
        {
            var random = new Random(loop);
            var mine = new List<double>();
            latencies.Add(mine);
            var timer = new Stopwatch();
            while (warm.Elapsed < stopAt && Interlocked.Increment(ref sent) <= 1_000_000)
            {
                var counted = warm.Elapsed >= TimeSpan.FromSeconds(1);
                if (counted && !measuring.IsRunning) lock (measuring) if (!measuring.IsRunning) measuring.Start();
                timer.Restart();
                using var response = mode == "get"
                    ? await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/incidents/BOARD-{random.Next(1, incidents + 1):D8}"))
                    : await client.PostAsJsonAsync("/api/incidents", new
                    {
                        reference = string.Create(CultureInfo.InvariantCulture, $"LOAD-{Interlocked.Increment(ref created):D8}"),
                        createdAt,
                        grade = "priority",
                        childrenInvolved = true,
                        district = "North",
                    });
                await response.Content.CopyToAsync(Stream.Null);
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref answered);
                if (!counted) continue;
                mine.Add(timer.Elapsed.TotalMilliseconds);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created) Interlocked.Increment(ref ok);
                else Interlocked.Increment(ref errors);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        double At(double p) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)(p * all.Count))];
        Console.WriteLine(JsonSerializer.Serialize(new LoadResult(ok, errors, measuring.Elapsed.TotalSeconds, At(0.5), At(0.99), answered)));
        return 0;
    }
}
