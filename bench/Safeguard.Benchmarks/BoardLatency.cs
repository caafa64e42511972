using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Extensions;
using Npgsql;
using Safeguard.App.Access;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Web.Hosting;

namespace Safeguard.Benchmarks;

/// <summary>
/// Boards on another instance, at force scale: N incidents stored on PostgreSQL (one in 70 open), two instances of the
/// web application (A and B, each its own host, services, connection pool and port on loopback), a supervisor's board
/// open on B through its live connection. Each change is an incident created through A's API; measured is the time from
/// sending it until B's board has been told ("changed", through LISTEN/NOTIFY) and until it has fetched its rows again,
/// as the page does. The baseline in the same run is the database's own floor for telling another connection: a bare
/// NOTIFY from one connection heard by a LISTEN on another.
/// </summary>
public static class BoardLatency
{
    private const string Password = "Bench-only-board-2026!";

    public static async Task<int> RunAsync(int incidents, int changes)
    {
        var server = Environment.GetEnvironmentVariable(EscalationBurst.ServerVariable)
            ?? throw new InvalidOperationException($"Set {EscalationBurst.ServerVariable} to a PostgreSQL connection string (a server this may create databases on).");
        var name = "sg_board_" + Guid.NewGuid().ToString("N");
        await EscalationBurst.ExecuteAsync(server, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 30 }.ToString();
        try
        {
            var open = await SeedAsync(cs, incidents);
            await using var a = await StartAsync(cs);
            await using var b = await StartAsync(cs);
            var result = await MeasureAsync(cs, a, b, incidents, open, changes);
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
            return result;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await EscalationBurst.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>Stores the incidents (each with its recorded event and attendance clock) in a few statements; returns how many are open.</summary>
    internal static async Task<long> SeedAsync(string cs, int incidents)
    {
        await using (var host = EscalationBurst.Services(cs))
        {
            await DatabaseSetup.PrepareAsync(host);
            var now = host.GetRequiredService<IClock>().GetCurrentInstant();
            var version = host.GetRequiredService<PolicyVersions>().CurrentId;
            await using var data = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ToString()).UseNodaTime().Build();
            // One incident every 30 s back from now (a million is about a year); every 70th still open and awaiting attendance.
            object[] values = [now, incidents, version];
            await EscalationBurst.SeedAsync(data, values,
                     [
                         """
                         INSERT INTO subjects ("Id", "Kind", "Reference", "RecordedAt", "EventCount", "Version")
                             SELECT g, 'incident', 'BOARD-' || lpad(g::text, 8, '0'), $1 - make_interval(secs => 30 * g), 1, 1 FROM generate_series(1, $2) g
                         """,
                         """
                         INSERT INTO incidents ("Id", "CreatedAt", "InitialGrade", "CurrentGrade", "ChildrenInvolved", "District", "ArrivedAt")
                             SELECT g, $1 - make_interval(secs => 30 * g), 1 + g % 2, 1 + g % 2, g % 5 = 0, (ARRAY['North','South','East','West'])[1 + g % 4],
                                    CASE WHEN g % 70 = 0 THEN NULL ELSE $1 - make_interval(secs => 30 * g) + interval '25 minutes' END
                             FROM generate_series(1, $2) g
                         """,
                         """
                         INSERT INTO events ("SubjectId", "Sequence", "Kind", "At", "RecordedAt", "Author", "Data")
                             SELECT g, 1, 'recorded', $1 - make_interval(secs => 30 * g), $1 - make_interval(secs => 30 * g), 'bench', '{}' FROM generate_series(1, $2) g
                         """,
                         """
                         INSERT INTO clocks ("SubjectId", "Kind", "Cycle", "PolicyVersionId", "StartAt", "Target", "WarningAt", "DueAt", "StoppedAt", "ClosedAt", "State", "KnownSince")
                             SELECT g, 'attendance', 0, $3, s, t, s + t * 0.75, s + t,
                                    CASE WHEN g % 70 = 0 THEN NULL ELSE s + interval '25 minutes' END,
                                    CASE WHEN g % 70 = 0 THEN NULL ELSE s + interval '25 minutes' END,
                                    CASE WHEN g % 70 = 0 THEN 'open' ELSE 'met' END, s
                             FROM (SELECT g, $1 - make_interval(secs => 30 * g) AS s,
                                          CASE WHEN g % 2 = 0 THEN interval '15 minutes' ELSE interval '1 hour' END AS t
                                   FROM generate_series(1, $2) g) x
                         """,
                         "SELECT setval(pg_get_serial_sequence('subjects', 'Id'), $2)",
                         "ANALYZE",
                     ]);
            await using var count = data.CreateCommand("SELECT count(*) FROM clocks WHERE \"State\" = 'open'");
            return (long)(await count.ExecuteScalarAsync())!;
        }
    }

    /// <summary>An instance of the web application as production runs it, on a loopback port of its own.</summary>
    internal static async Task<WebApplication> StartAsync(string cs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SafeguardWeb).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Safeguard"] = cs,
            ["Demo:Seed"] = "false",
            // The clocks are history: only the board's own work is measured.
            ["Clocks:Engine:Enabled"] = "false",
            ["Notifications:Dispatcher:Enabled"] = "false",
        });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IClock>(sp => sp.GetRequiredService<TimeProvider>().ToClock());
        builder.AddSafeguardWeb();
        var app = builder.Build();
        app.UseSafeguardWeb();
        await app.StartAsync();
        return app;
    }

    internal static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static async Task<int> MeasureAsync(string cs, WebApplication a, WebApplication b, int incidents, long open, int changes)
    {
        var inv = CultureInfo.InvariantCulture;
        string key;
        await using (var scope = a.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Users>().AddAsync("supervisor@bench.invalid", Roles.Supervisor, "Bench supervisor", Password);
            key = (await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("bench command and control", Roles.CommandAndControl)).Secret;
        }
        using var api = new HttpClient { BaseAddress = Address(a) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address(b) };
        await SignInAsync(browser);

        await using var live = new HubConnectionBuilder().WithUrl(new Uri(Address(b), "/hubs/board"), o => o.Cookies = cookies).Build();
        var told = new SemaphoreSlim(0);
        live.On("changed", () => told.Release());
        await live.StartAsync();

        var rowsBytes = 0;
        async Task FetchRowsAsync()
        {
            var rows = await browser.GetAsync("/Board?handler=Rows");
            rows.EnsureSuccessStatusCode();
            rowsBytes = (await rows.Content.ReadAsByteArrayAsync()).Length;
        }
        await FetchRowsAsync(); // warm

        var floor = await NotifyFloorAsync(cs, changes);
        var (post, tellB, boardB) = (new List<double>(), new List<double>(), new List<double>());
        var timer = new Stopwatch();
        for (var i = 0; i < changes + 3; i++)
        {
            while (told.CurrentCount > 0) await told.WaitAsync();
            timer.Restart();
            var created = await api.PostAsJsonAsync("/api/incidents", new
            {
                reference = string.Create(inv, $"LIVE-{i:D4}"),
                createdAt = InstantNow(),
                grade = "immediate",
                childrenInvolved = true,
                district = "North",
            });
            var posted = timer.Elapsed.TotalMilliseconds;
            if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"A's API answered {(int)created.StatusCode}");
            if (!await told.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("B's board was never told");
            var heard = timer.Elapsed.TotalMilliseconds;
            await FetchRowsAsync();
            var shown = timer.Elapsed.TotalMilliseconds;
            await Task.Delay(200);
            if (i < 3) continue; // the first three warm up
            post.Add(posted);
            tellB.Add(heard);
            boardB.Add(shown);
        }

        string Stats(List<double> ms) => string.Create(inv, $"{Percentile(ms, 0.5):0} / {Percentile(ms, 0.95):0} / {ms.Max():0} ms");
        Console.WriteLine(string.Create(inv, $"{incidents:N0} incidents stored, {open:N0} open; the board's rows are {rowsBytes / 1024.0:0} KB; {changes} changes made on A, one at a time"));
        Console.WriteLine();
        Console.WriteLine("| measured (median / 95th percentile / worst) | time |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| A's API creates the incident (until its answer) | {Stats(post)} |");
        Console.WriteLine($"| B's board told, from sending the change to A | {Stats(tellB)} |");
        Console.WriteLine($"| B's board showing its rows again, from sending the change | {Stats(boardB)} |");
        Console.WriteLine($"| baseline: a bare NOTIFY heard by a LISTEN on another connection | {Stats(floor)} |");
        Console.WriteLine(string.Create(inv, $"| B told, beyond A's answer, against the baseline (medians) | {(Percentile(tellB, 0.5) - Percentile(post, 0.5)) / Math.Max(Percentile(floor, 0.5), 0.01):0.0}x |"));
        var within = boardB.Max() < 1000;
        Console.WriteLine($"| every board within a second | {(within ? "yes" : "NO")} |");
        return within ? 0 : 1;

        string InstantNow() => a.Services.GetRequiredService<IClock>().GetCurrentInstant().ToString();
    }

    private static async Task SignInAsync(HttpClient browser)
    {
        var form = await browser.GetStringAsync("/Account/SignIn");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "supervisor@bench.invalid",
            ["password"] = Password,
            ["returnUrl"] = "/Board",
            ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Signing in answered {(int)signedIn.StatusCode}");
    }

    /// <summary>The database's floor: a NOTIFY sent on one connection until a LISTEN on another hears it.</summary>
    private static async Task<List<double>> NotifyFloorAsync(string cs, int times)
    {
        await using var listener = new NpgsqlConnection(cs);
        await listener.OpenAsync();
        var heard = new SemaphoreSlim(0);
        listener.Notification += (_, _) => heard.Release();
        await using (var listen = new NpgsqlCommand("LISTEN bench_floor", listener)) await listen.ExecuteNonQueryAsync();
        using var stop = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            try { while (true) await listener.WaitAsync(stop.Token); }
            catch (OperationCanceledException) { }
        });
        await using var sender = new NpgsqlConnection(cs);
        await sender.OpenAsync();
        var floor = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var timer = Stopwatch.StartNew();
            await using (var notify = new NpgsqlCommand("NOTIFY bench_floor", sender)) await notify.ExecuteNonQueryAsync();
            if (!await heard.WaitAsync(TimeSpan.FromSeconds(5))) throw new TimeoutException("the bare NOTIFY was not heard");
            floor.Add(timer.Elapsed.TotalMilliseconds);
        }
        await stop.CancelAsync();
        await waiting;
        return floor;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
