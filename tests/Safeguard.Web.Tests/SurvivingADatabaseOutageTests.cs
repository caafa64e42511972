using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// When the database goes away the API says 503 with Retry-After (a client may try again), a person sees a page that
/// says so, readiness fails while liveness holds, and everything works again by itself when it is back.
/// </summary>
public class SurvivingADatabaseOutageTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    [Fact]
    public async Task DatabaseStoppedAndStarted_Answers503WithRetryAfter_ThenRecoversByItself_EscalatingOnce()
    {
        CuttableProxy? proxy = null;
        var app = await SafeguardApp.StartAsync(Provider.Postgres, connection: cs =>
        {
            (proxy, var through) = CuttableProxy.Around(cs);
            return through;
        });
        try
        {
            await OutageAsync(app, proxy!);
        }
        finally
        {
            if (proxy!.IsCut) proxy.Restore();
            await app.DisposeAsync(); // checks the s.62 log through the proxy, so before it goes
            await proxy!.DisposeAsync();
        }
    }

    private static async Task OutageAsync(SafeguardApp app, CuttableProxy proxy)
    {
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using var handler = await app.CreateSignedInClientAsync(Roles.CallHandler);
        Assert.Equal(HttpStatusCode.Created, (await cc.PostAsJsonAsync("/api/incidents", Incident("UP-1"))).StatusCode);
        app.AdvanceTime(Duration.FromMinutes(46));

        proxy.Cut();
        var refused = await cc.PostAsJsonAsync("/api/incidents", Incident("DOWN-1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("5", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("Safeguard cannot reach its database just now.", problem.GetProperty("title").GetString());

        var page = await handler.GetAsync("/Board");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Safeguard cannot reach its database just now", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var probe = app.CreateAnonymousClient(); // as a load balancer asks
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/health/ready")).StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(app.EscalateAsync); // the engine's pass fails and is tried again later

        proxy.Restore();
        // A client retries, as Retry-After invites, until the application has found the database again.
        HttpResponseMessage? again = null;
        await SafeguardApp.EventuallyAsync(async () =>
            (again = await cc.PostAsJsonAsync("/api/incidents", Incident("DOWN-1"))).StatusCode == HttpStatusCode.Created, "the write accepted again");
        Assert.Equal(HttpStatusCode.Created, again!.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await handler.GetAsync("/Board")).StatusCode);
        // What fell due during the outage is escalated once when the engine runs again: both incidents' warnings (each created at T).
        Assert.Equal(2, await app.EscalateAsync());
        Assert.Equal(0, await app.EscalateAsync());
    }

    [Fact]
    public async Task SqliteHeldByAnotherWriter_Answers503Quickly_AndASecondImportSaysSoInOneLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, connection: cs => cs + ";Default Timeout=1");
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        Assert.Equal(HttpStatusCode.Created, (await cc.PostAsJsonAsync("/api/incidents", Incident("HELD-1"))).StatusCode);

        // Another process (an import, a copy tool) holds the only write lock.
        await using (var other = new SqliteConnection(app.ConnectionString))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();

            var write = await cc.PostAsJsonAsync("/api/incidents", Incident("HELD-2"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("5", write.Headers.GetValues("Retry-After").Single());
            // A consultation is logged, which is a write: it waits the same short time, then says the same.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await cc.GetAsync("/api/incidents/HELD-1")).StatusCode);

            var import = await app.RunCliAsync("import", "incidents", app.WriteFile("reference,created_at,grade,children_involved\nHELD-3,2024-02-01T10:00:00Z,priority,true\n"));
            Assert.Equal(1, import.ExitCode);
            var line = Assert.Single(import.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("The database is busy: another import or the application held it", line, StringComparison.Ordinal);
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.Created, (await cc.PostAsJsonAsync("/api/incidents", Incident("HELD-2"))).StatusCode);
        Assert.Equal(2, await app.CountIncidentsAsync());
    }

    [Fact]
    public async Task APageThatIsNotThere_IsAPageNotProblemJson_AndTheApiKeepsProblemDetails()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var person = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var missing = await person.GetAsync("/Incidents/NO-SUCH");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"govuk-heading-l\">Page not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"navigation\"", html, StringComparison.Ordinal); // the person can go on from it
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync("/No/Such/Page")).StatusCode);

        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var api = await cc.GetAsync("/api/incidents/NO-SUCH");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.True("application/problem+json" == api.Content.Headers.ContentType?.MediaType, await api.Content.ReadAsStringAsync());
    }

    private static object Incident(string reference) => new { reference, createdAt = T.ToString(), grade = "priority", childrenInvolved = true };
}
