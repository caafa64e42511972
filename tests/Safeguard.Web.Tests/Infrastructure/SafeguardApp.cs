using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.Cli;

namespace Safeguard.Web.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>
/// The application as a user meets it: the real web host over real migrations on SQLite or PostgreSQL, the real
/// command line over the same database and settings, and a fake clock both share. Tests use its intent methods.
/// </summary>
public sealed class SafeguardApp : IAsyncDisposable
{
    public static readonly Instant DefaultNow = Instant.FromUtc(2024, 2, 1, 12, 0);

    /// <summary>The s.62 chain's key in tests (base64 of 32 bytes).</summary>
    public const string AuditKey = "c2FmZWd1YXJkIHRlc3RzOiBzLjYyIGNoYWluIGtleSE=";

    /// <summary>The file the log's head is anchored to, outside the database.</summary>
    public string AnchorFile => _settings["Audit:AnchorFile"]!;

    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private bool _kestrel;
    private readonly Dictionary<string, string?> _settings;
    private readonly Factory _factory;
    private readonly List<string> _files = [];

    public FakeTimeProvider Time { get; }
    public Provider Provider => _database.Provider;

    /// <summary>The running application's services.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The connection string the application uses.</summary>
    public string ConnectionString => _settings["ConnectionStrings:Safeguard"]!;

    private SafeguardApp(TestDatabase database, Dictionary<string, string?> settings, FakeTimeProvider time, bool ownsDatabase = true)
    {
        (_database, _settings, Time, _ownsDatabase) = (database, settings, time, ownsDatabase);
        _factory = new Factory(settings, time);
    }

    /// <summary>
    /// Starts the application. With <paramref name="kestrel"/> it listens on a real loopback port (for a browser);
    /// otherwise it runs on the in-memory test server.
    /// </summary>
    /// <param name="provider">The database.</param>
    /// <param name="now">The fake clock's start.</param>
    /// <param name="settings">Settings changed from the test defaults.</param>
    /// <param name="kestrel">Whether to listen on a real port.</param>
    /// <param name="connection">Changes the connection string the application uses (e.g. through a <see cref="CuttableProxy"/>).</param>
    public static async Task<SafeguardApp> StartAsync(Provider provider, Instant? now = null, IDictionary<string, string?>? settings = null, bool kestrel = false,
        Func<string, string>? connection = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:AutoMigrate"] = "true",
            ["ConnectionStrings:Safeguard"] = connection is null ? database.ConnectionString : connection(database.ConnectionString),
            ["Demo:Seed"] = "false",
            // Tests about the clock engine turn it on; elsewhere it would write in the background.
            ["Clocks:Engine:Enabled"] = "false",
            ["Notifications:Dispatcher:Enabled"] = "false",
            // The in-process command line stands for an import made while the application is stopped.
            ["Database:HoldSqliteLease"] = "false",
            ["Audit:Key"] = AuditKey,
            // Tests sign many people in from one address; SigningInTests sets the real limit where it tests it.
            ["Accounts:SignInsPerMinute"] = "100000",
            // Two-factor sign-in is tested by SigningInWithTwoFactorTests; elsewhere a password signs a test user in.
            ["Accounts:RequireTwoFactor"] = "false",
            // Tests move the clock on by days; EndingSessionsTests use the real session limits.
            ["Accounts:IdleTimeoutMinutes"] = "10000000",
            ["Accounts:AbsoluteLimitHours"] = "1000000",
            ["Audit:AnchorFile"] = Path.Combine(Path.GetTempPath(), $"safeguard-anchor-{Guid.NewGuid():N}"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var time = new FakeTimeProvider((now ?? DefaultNow).ToDateTimeOffset());
        var app = new SafeguardApp(database, all, time);
        if (kestrel)
        {
            app._factory.UseKestrel(0);
            app._factory.StartServer();
            app._kestrel = true;
        }
        else
        {
            _ = app._factory.Server; // start the host: migrations run here
        }
        await app.WithServices(async sp =>
        {
            var agencies = sp.GetRequiredService<Safeguard.App.Notices.Agencies>();
            foreach (var (code, name) in Agencies) await agencies.AddAsync(code, name);
            return true;
        });
        return app;
    }

    /// <summary>The partner agencies an administrator has listed in every test's database.</summary>
    public static readonly (string Code, string Name)[] Agencies =
        [("TEST", "Test agency"), ("CSC", "Children's social care"), ("HEALTH", "Health"), ("EDUCATION", "Education")];

    /// <summary>
    /// Starts a second application instance over the same database, with its own clock set to this one's "now" and
    /// these settings changed. The first instance still owns (and drops) the database.
    /// </summary>
    public Task<SafeguardApp> StartAnotherInstanceAsync(IDictionary<string, string?>? settings = null, bool startHost = true)
    {
        var all = new Dictionary<string, string?>(_settings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var app = new SafeguardApp(_database, all, new FakeTimeProvider(Time.GetUtcNow()), ownsDatabase: false);
        if (startHost) _ = app._factory.Server;
        return Task.FromResult(app);
    }

    /// <summary>Runs one pass of the clock engine's use case at this instance's "now"; returns the steps fired.</summary>
    public Task<int> EscalateAsync() => WithServices(sp => sp.GetRequiredService<Safeguard.App.Clocks.EscalateDueClocks>().RunAsync(Now));

    /// <summary>Runs one pass of the notification dispatcher's use case at this instance's "now"; returns deliveries sent.</summary>
    public Task<int> DeliverAsync() => WithServices(sp => sp.GetRequiredService<Safeguard.App.Notifications.DeliverNotifications>().RunAsync(Now));

    /// <summary>Every escalated event and notification, as "REFERENCE step recipient @due (created)".</summary>
    public Task<List<string>> EscalationsAsync() => WithServices(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var events = await db.Events.AsNoTracking().Where(e => e.Kind == "escalated").Join(db.Subjects, e => e.SubjectId, s => s.Id, (e, s) => new { s.Reference, e.Reason, e.At }).ToListAsync();
        var notes = await db.Notifications.AsNoTracking().ToListAsync();
        return events.Select(e => $"event {e.Reference} {e.Reason} @{e.At}")
            .Concat(notes.Select(n => $"note {n.Reference} {n.Recipient} {n.Subject} @{n.DueAt} ({n.CreatedAt})"))
            .Order(StringComparer.Ordinal).ToList();
    });

    /// <summary>Waits (in real time, at most <paramref name="seconds"/>) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(seconds * TimeProvider.System.TimestampFrequency);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await poll.WaitForNextTickAsync();
        }
    }

    /// <summary>The loopback address a real browser can reach (only when started with kestrel).</summary>
    public Uri BaseAddress => new(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    public void AdvanceTime(Duration by) => Time.Advance(by.ToTimeSpan());

    public Instant Now => Time.GetUtcNow().ToInstant();

    /// <summary>Runs <c>safeguard ARGS</c> in-process with the application's settings and clock.</summary>
    public Task<CliResult> RunCliAsync(params string[] args) => RunCliAsync(args, terminal: false);

    /// <summary>Runs <c>safeguard ARGS</c>; <paramref name="terminal"/> says whether standard error is a terminal.</summary>
    public async Task<CliResult> RunCliAsync(string[] args, bool terminal, string? input = null, IDictionary<string, string?>? settings = null)
    {
        // As in production, the command line reads the web application's settings file, then the overrides.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repository.Root, "src", "Safeguard.Web", "appsettings.json"), optional: false)
            .AddInMemoryCollection(_settings).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input ?? "");
        var code = await SafeguardCli.RunAsync(args, configuration, Time, new Console2(stdout, stderr, terminal, stdin));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes <paramref name="csv"/> to a file (UTF-8, optional BOM) and imports it through the command line.</summary>
    public Task<CliResult> ImportIncidentsAsync(string csv, bool skipInvalid = false, bool bom = false)
    {
        var file = WriteFile(csv, bom);
        return skipInvalid ? RunCliAsync("import", "incidents", file, "--skip-invalid") : RunCliAsync("import", "incidents", file);
    }

    public string WriteFile(string content, bool bom = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"safeguard-import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, content, new UTF8Encoding(bom));
        _files.Add(file);
        return file;
    }

    /// <summary>
    /// An HTTP client acting as <paramref name="role"/>: a machine role through an API key with every scope its role
    /// allows, a person's role signed in (people do not hold keys).
    /// </summary>
    public async Task<HttpClient> CreateClientAsync(string role)
    {
        if (!Roles.Machines.Contains(role)) return await CreateSignedInClientAsync(role);
        var client = CreateAnonymousClient();
        var key = await WithServices(sp => sp.GetRequiredService<ApiKeys>().CreateAsync("test " + role, role));
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        return client;
    }

    public HttpClient CreateAnonymousClient(bool cookies = true)
    {
        // Over a real socket the client is a plain one that, like the in-memory one, follows no redirect.
        if (_kestrel)
            return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };
        return _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
    }

    /// <summary>The anti-forgery token a page's forms carry, to post as a browser would.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The page has no form token.");
        return token;
    }

    /// <summary>Signs in through the sign-in form as a person would; returns the form's response.</summary>
    /// <summary>Posts a page's form as a browser would: the fields, then any repeated ones (ticked boxes of one name).</summary>
    /// <summary>A GOV.UK date-and-time question's fields (<c>field.Day</c>, <c>.Month</c>, <c>.Year</c>, <c>.Time</c>) for an instant, in UK time.</summary>
    public static IEnumerable<KeyValuePair<string, string>> WhenFields(string field, Instant at)
    {
        var local = at.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]);
        yield return KeyValuePair.Create(field + ".Day", local.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(field + ".Month", local.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(field + ".Year", local.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(field + ".Time", local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string handler, Dictionary<string, string> fields,
        params (string Name, string Value)[] repeated)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        var separator = pageUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var all = fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Concat(repeated.Select(r => KeyValuePair.Create(r.Name, r.Value)));
        return await client.PostAsync(handler.Length == 0 ? pageUrl : $"{pageUrl}{separator}handler={handler}", new FormUrlEncodedContent(all));
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var form = await client.GetStringAsync("/Account/SignIn");
        var token = AntiforgeryToken(form);
        return await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = returnUrl,
        }));
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in as a new person with <paramref name="role"/>.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string role, string? agency = null)
    {
        var (email, password) = await AddUserAsync(role, agency);
        var client = CreateAnonymousClient();
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            var said = System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "govuk-error-summary__list\">\\s*<li><a[^>]*>([^<]*)").Groups[1].Value;
            Assert.Fail($"sign-in as {role} failed: {(int)response.StatusCode} {said}");
        }
        return client;
    }

    /// <summary>Adds a person with <paramref name="role"/> and returns their email and password.</summary>
    public async Task<(string Email, string Password)> AddUserAsync(string role, string? agency = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@test.invalid";
        const string password = "Correct-horse-42";
        agency ??= role == Roles.PartnerAgency ? "Test agency" : null;
        await WithServices(sp => sp.GetRequiredService<Users>().AddAsync(email, role, null, password, agency));
        return (email, password);
    }

    /// <summary>A fingerprint of every incident and event row, to show that something changed nothing.</summary>
    public Task<string> SnapshotAsync() => WithServices(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var incidents = await db.Incidents.AsNoTracking().OrderBy(i => i.Reference).ToListAsync();
        var events = await db.Events.AsNoTracking().OrderBy(e => e.SubjectId).ThenBy(e => e.Sequence).ToListAsync();
        var clocks = await db.Clocks.AsNoTracking().OrderBy(c => c.SubjectId).ThenBy(c => c.Kind).ThenBy(c => c.Cycle).ToListAsync();
        var sb = new StringBuilder();
        foreach (var i in incidents)
            sb.AppendLine($"{i.Reference}|{i.CreatedAt}|{i.InitialGrade}|{i.CurrentGrade}|{i.ChildrenInvolved}|{i.District}|{i.Category}|{i.DispatchedAt}|{i.ArrivedAt}|{i.ClosedAt}|{i.EventCount}|{i.Version}");
        foreach (var e in events)
            sb.AppendLine($"{e.SubjectId}|{e.Sequence}|{e.Kind}|{e.At}|{e.RecordedAt}|{e.Author}|{e.Reason}|{e.Data}");
        foreach (var c in clocks)
            sb.AppendLine($"{c.SubjectId}|{c.Kind}|{c.Cycle}|{c.StartAt}|{c.DueAt}|{c.State}|{c.StoppedAt}|{c.NextEscalationAt}|{c.FiredSteps}");
        return sb.ToString();
    });

    /// <summary>When the child was first flagged as repeat missing, or null.</summary>
    public Task<Instant?> RepeatMissingSinceAsync(string childReference) => WithServices(async sp =>
        (await sp.GetRequiredService<AppDbContext>().Children.SingleAsync(c => c.Reference == childReference)).RepeatMissingSince);

    /// <summary>When the child was first flagged with an escalating concern (three notices in 90 days), or null.</summary>
    public Task<Instant?> EscalatingConcernSinceAsync(string childReference) => WithServices(async sp =>
        (await sp.GetRequiredService<AppDbContext>().Children.SingleAsync(c => c.Reference == childReference)).EscalatingConcernSince);

    /// <summary>Runs raw SQL against the database (to tamper with what the application wrote, as an attacker would).</summary>
    public Task<int> ExecuteSqlAsync(string sql) => WithServices(sp => sp.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(sql));

    /// <summary>One number from the database (a count), read as a check would read it.</summary>
    public Task<long> ScalarAsync(string sql) => WithServices(async sp =>
    {
        var connection = sp.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public Task<int> CountIncidentsAsync() => WithServices(sp => sp.GetRequiredService<AppDbContext>().Incidents.CountAsync());

    public Task<List<string>> EventKindsAsync(string reference) => WithServices(sp =>
        sp.GetRequiredService<AppDbContext>().Events
            .Where(e => sp.GetRequiredService<AppDbContext>().Incidents.Any(i => i.Id == e.SubjectId && i.Reference == reference))
            .OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync());

    /// <summary>
    /// How an incident's ledger rows differ from what the domain derives from its events (folded afresh, under each
    /// row's policy version) judged at this instance's "now"; empty when they agree.
    /// </summary>
    public Task<List<string>> LedgerDiffersFromDomainAsync(string reference) => WithServices(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var policies = sp.GetRequiredService<Safeguard.App.Clocks.PolicyVersions>();
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Events).SingleAsync(i => i.Reference == reference);
        var rows = await db.Clocks.AsNoTracking().Include(c => c.Child).Where(c => c.SubjectId == incident.Id).ToListAsync();
        var facts = Safeguard.Domain.Incidents.IncidentHistory.Project(incident.Events.OrderBy(e => e.Sequence)
            .Select(e => Safeguard.App.Subjects.EventCodec.Read(Safeguard.App.Records.Incident, e)).OfType<Safeguard.Domain.Incidents.IncidentEvent>());
        var version = rows.Select(r => r.PolicyVersionId).DefaultIfEmpty(policies.CurrentId).Max();
        var derived = Safeguard.Domain.Incidents.IncidentHistory.Obligations(facts, policies.For(version));
        // A child merged into another stands for that other (ChildMerging).
        var kept = await db.Children.AsNoTracking().Where(c => c.MergedIntoId != null)
            .Select(c => new { c.Reference, Into = db.Children.Where(k => k.Id == c.MergedIntoId).Select(k => k.Reference).First() }).ToDictionaryAsync(c => c.Reference, c => c.Into);
        var differences = new List<string>();
        foreach (var o in derived)
        {
            var row = rows.SingleOrDefault(r => r.Kind == o.Clock.Kind && r.Cycle == o.Cycle);
            if (row is null)
            {
                differences.Add($"{reference} {o.Clock.Kind}/{o.Cycle}: not in the ledger");
                continue;
            }
            var entry = o.Clock.Entry();
            var state = entry.Settled is { } settled ? Safeguard.Domain.Clocks.ClockStates.Name(settled) : Safeguard.App.Subjects.ClockRecord.Open;
            if (row.ToEntry() != entry) differences.Add($"{reference} {o.Clock.Kind}/{o.Cycle}: the ledger has {row.ToEntry()}, the domain {entry}");
            if (row.State != state) differences.Add($"{reference} {o.Clock.Kind}/{o.Cycle}: the ledger says {row.State}, the domain {state}");
            if (row.Child?.Reference != (o.Child is null ? null : kept.GetValueOrDefault(o.Child, o.Child))) differences.Add($"{reference} {o.Clock.Kind}/{o.Cycle}: the ledger's child is {row.Child?.Reference}, the domain's {o.Child}");
            if (row.ToEntry().StateAt(Now) != o.Clock.Evaluate(Now)) differences.Add($"{reference} {o.Clock.Kind}/{o.Cycle}: states differ now");
        }
        foreach (var row in rows.Where(r => !derived.Any(o => o.Clock.Kind == r.Kind && o.Cycle == r.Cycle)))
            differences.Add($"{reference} {row.Kind}/{row.Cycle}: in the ledger, not owed");
        return differences;
    });

    /// <summary>The ledger's rows for one record, as "kind/cycle state", to check what the projector wrote.</summary>
    public Task<List<string>> LedgerAsync(string reference) => WithServices(async sp =>
        (await sp.GetRequiredService<AppDbContext>().Clocks.AsNoTracking().Where(c => c.Subject.Reference == reference).ToListAsync())
            .Select(c => $"{Safeguard.Domain.Clocks.ClockKinds.Name(c.Kind)}/{c.Cycle} {c.State}").Order(StringComparer.Ordinal).ToList());

    /// <summary>Runs <paramref name="action"/> with the services of a fresh scope of the running application.</summary>
    public async Task<T> WithServices<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>For a test that tampers with the s.62 log on purpose: the check made when the application stops is not.</summary>
    public void ExpectBrokenAuditLog() => _auditBroken = true;

    /// <summary>
    /// Runs <paramref name="sql"/> against the s.62 log as the database's owner could: first dropping the triggers that
    /// make it append-only (the application puts them back when it next prepares the database).
    /// </summary>
    public async Task TamperWithAuditLogAsync(string sql)
    {
        ExpectBrokenAuditLog();
        await ExecuteSqlAsync(Provider == Provider.Sqlite
            ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
            : "ALTER TABLE audit_log DISABLE TRIGGER USER");
        await ExecuteSqlAsync(sql);
    }

    private bool _auditBroken;

    /// <summary>
    /// Stops the application. Whatever the test did, the s.62 log must be whole and account for every event recorded
    /// (unless the test broke it on purpose): the owning instance checks before the database goes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDatabase && !_auditBroken && _factory.Services is { } services)
        {
            var found = await services.GetRequiredService<Safeguard.App.Audit.AuditTrail>().VerifyAsync();
            if (!found.Whole)
            {
                await _factory.DisposeAsync();
                if (_ownsDatabase) await _database.DisposeAsync();
                throw new Xunit.Sdk.XunitException($"The s.62 log is not whole: {found.Break?.Problem} {string.Join("; ", found.Unaccounted)}");
            }
        }
        await _factory.DisposeAsync();
        foreach (var file in _files) File.Delete(file);
        if (_ownsDatabase)
        {
            File.Delete(AnchorFile);
            await _database.DisposeAsync();
        }
    }

    private sealed class Factory(Dictionary<string, string?> settings, FakeTimeProvider time) : WebApplicationFactory<Program>
    {
        // Every test host would otherwise watch its settings files for changes, each watch an inotify instance: hundreds of
        // hosts in one run reach the kernel's limit (128 by default). Tests never change the files while a host runs.
        static Factory() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseUrls("http://127.0.0.1:0");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
            builder.ConfigureServices(services =>
            {
                // SAFEGUARD_TEST_ERRORS=FILE appends every error the server logs to FILE, to see what a 500 was.
                if (Environment.GetEnvironmentVariable("SAFEGUARD_TEST_ERRORS") is { Length: > 0 } file)
                    services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new ErrorFileLogger(file));
                services.RemoveAll<TimeProvider>();
                services.RemoveAll<IClock>();
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IClock>(time.ToClock());
            });
        }
    }
}

public static class HttpAssert
{
    /// <summary>A page (or a page's form) refused the signed-in person: sent to the "you cannot do this" page.</summary>
    public static void Denied(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>Asserts an RFC 7807 answer with this status (printing the body when it is not) and returns the problem.</summary>
    public static async Task<System.Text.Json.JsonElement> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts success, printing the problem-details body when it is not.</summary>
    public static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Sends <paramref name="body"/> as JSON, asserts the status (printing the body when it differs) and returns the JSON answer.</summary>
    public static async Task<System.Text.Json.JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object body, System.Net.HttpStatusCode expected)
    {
        var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : System.Text.Json.JsonDocument.Parse(text).RootElement;
    }
}

/// <summary>Writes the server's errors, with their exceptions, to a file (see SAFEGUARD_TEST_ERRORS).</summary>
internal sealed class ErrorFileLogger(string file) : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
{
    private static readonly Lock Gate = new();

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        lock (Gate) File.AppendAllText(file, $"{formatter(state, exception)}\n{exception}\n\n");
    }

    public void Dispose()
    {
    }
}
