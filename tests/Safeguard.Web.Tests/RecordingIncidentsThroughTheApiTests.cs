using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class RecordingIncidentsThroughTheApiTests
{
    private static object NewIncident(string reference, string grade = "priority") =>
        new { reference, createdAt = "2024-02-01T11:30:00Z", grade, childrenInvolved = true, district = "North", category = "Domestic abuse" };

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task CommandAndControl_CreatesAndUpdatesAnIncident_AndReadsItsClockAndHistory(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);

        var created = await cc.PostAsJsonAsync("/api/incidents", NewIncident("CC-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/incidents/CC-1", created.Headers.Location?.OriginalString);
        var view = await HttpAssert.OkAsync<JsonElement>(created);
        var clock = view.GetProperty("clocks")[0];
        Assert.Equal("attendance", clock.GetProperty("kind").GetString());
        Assert.Equal("2024-02-01T12:30:00Z", clock.GetProperty("due").GetString());
        Assert.Equal("running", clock.GetProperty("state").GetString()); // 30 of 60 minutes gone at 12:00

        app.AdvanceTime(Duration.FromMinutes(15));
        var warning = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CC-1"));
        Assert.Equal("warning", warning.GetProperty("clocks")[0].GetProperty("state").GetString());

        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/CC-1/events", new { kind = "dispatched", at = "2024-02-01T12:05:00Z" }));
        var arrived = await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/CC-1/events", new { kind = "arrived", at = "2024-02-01T12:14:00Z" }));
        Assert.Equal("met", arrived.GetProperty("clocks")[0].GetProperty("state").GetString());
        var downgraded = await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/CC-1/events",
            new { kind = "regraded", at = "2024-02-01T12:15:00Z", grade = "scheduled", supervisor = "Insp Example", reason = "caller safe with family" }));
        Assert.Equal("priority", downgraded.GetProperty("initialGrade").GetString());
        Assert.Equal("scheduled", downgraded.GetProperty("currentGrade").GetString());

        var events = downgraded.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["created", "dispatched", "arrived", "regraded"], events);
        var regrade = downgraded.GetProperty("events")[3];
        Assert.Equal("Insp Example", regrade.GetProperty("supervisor").GetString());
        Assert.StartsWith("api:", regrade.GetProperty("author").GetString(), StringComparison.Ordinal);

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var report = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-03-01")).RootElement;
        Assert.Equal(1, report.GetProperty("attendance").GetProperty("withinTarget").GetInt32());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task BadRequests_GetProblemDetails_AndChangeNothing(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        Assert.Equal(HttpStatusCode.Created, (await cc.PostAsJsonAsync("/api/incidents", NewIncident("P-1"))).StatusCode);
        var before = await app.SnapshotAsync();

        var invalid = await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents",
            new { reference = "", createdAt = "2023-03-26T01:30:00", grade = "urgent" }), HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reference", out _));
        Assert.Contains("does not exist", errors.GetProperty("createdAt")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("grade", out _));
        Assert.True(errors.TryGetProperty("childrenInvolved", out _));

        using var malformed = new StringContent("{\"reference\": ", Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await cc.PostAsync("/api/incidents", malformed), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents", NewIncident("P-1")), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await cc.GetAsync("/api/incidents/NOPE"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/NOPE/events", new { kind = "arrived", at = "2024-02-01T12:00:00Z" }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "teleported", at = "2024-02-01T12:00:00Z" }), HttpStatusCode.BadRequest);
        var early = await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "arrived", at = "2024-02-01T11:00:00Z" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("before the incident was created", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var downgrade = await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events",
            new { kind = "regraded", at = "2024-02-01T12:00:00Z", grade = "scheduled" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("supervisor", downgrade.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "regraded", at = "2024-02-01T12:00:00Z", grade = "priority" }), HttpStatusCode.Conflict);
        var future = await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "arrived", at = "2024-02-01T13:00:00Z" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("before it has happened", future.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(before, await app.SnapshotAsync());

        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "closed", at = "2024-02-01T12:00:00Z" }));
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/P-1/events", new { kind = "arrived", at = "2024-02-01T12:01:00Z" }), HttpStatusCode.Conflict);

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        await HttpAssert.ProblemAsync(await analyst.GetAsync("/api/reports/performance?from=2024-13-01&to=2024-02-01"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task DelayedAttendance_ReassessmentAndCallerUpdate_AreRecordedAndReported(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        // D-1: reassessed before breach, caller told, attended late. D-2: reassessed only after breach, never told.
        // D-3: attended before the warning, so not delayed. All created at 10:00; now is 12:00.
        foreach (var r in new[] { "D-1", "D-2", "D-3" })
        {
            var created = await cc.PostAsJsonAsync("/api/incidents", new { reference = r, createdAt = "2024-02-01T10:00:00Z", grade = "priority", childrenInvolved = true });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var thrive = new { threat = "No weapons mentioned", harm = "Child frightened", risk = "Medium", investigation = "Neighbour witness", vulnerability = "Child aged 9", engagement = "Mother answering calls" };

        var missing = await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/incidents/D-1/events",
            new { kind = "reassessed", at = "2024-02-01T10:50:00Z", thrive = new { threat = "x", harm = "", risk = "r" } }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("thrive.harm", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("thrive.engagement", out _));

        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/D-1/events", new { kind = "reassessed", at = "2024-02-01T10:50:00Z", thrive }));
        var told = await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/D-1/events", new { kind = "caller-updated", at = "2024-02-01T10:52:00Z", reason = "Told a unit is 20 minutes away" }));
        Assert.Equal("2024-02-01T10:52:00Z", told.GetProperty("callerToldAt").GetString());
        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/D-1/events", new { kind = "arrived", at = "2024-02-01T11:10:00Z" }));
        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/D-2/events", new { kind = "reassessed", at = "2024-02-01T11:05:00Z", thrive }));
        await HttpAssert.OkAsync<JsonElement>(await cc.PostAsJsonAsync("/api/incidents/D-3/events", new { kind = "arrived", at = "2024-02-01T10:40:00Z" }));

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var delayed = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-03-01"))
            .RootElement.GetProperty("attendance").GetProperty("delayed");
        Assert.Equal(2, delayed.GetProperty("population").GetInt32());
        Assert.Equal(1, delayed.GetProperty("reassessedBeforeBreach").GetInt32());
        Assert.Equal(50.0, delayed.GetProperty("percentReassessedBeforeBreach").GetDouble());
        Assert.Equal(1, delayed.GetProperty("callerTold").GetInt32());

        var history = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/D-1"));
        Assert.Equal(["created", "reassessed", "caller-updated", "arrived"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task NotSignedIn_IsRefusedEverywhereButHealth()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var anonymous = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/incidents/ANY")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/incidents", NewIncident("X"))).StatusCode);
        var page = await anonymous.GetAsync("/Performance");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

        using var forged = app.CreateAnonymousClient();
        forged.DefaultRequestHeaders.Add("X-Api-Key", "sg_000000000000_forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/incidents/ANY")).StatusCode);
    }

    [Fact]
    public async Task Roles_AreDeniedWhatTheyDoNotServe()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var partner = await app.CreateClientAsync(Roles.PartnerAgency);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/incidents/ANY")).StatusCode);
        using var inspector = await app.CreateClientAsync(Roles.Inspector);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.PostAsJsonAsync("/api/incidents", NewIncident("X"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01")).StatusCode);
    }

    [Fact]
    public async Task RevokedApiKey_IsRefused()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var created = await app.RunCliAsync("api-keys", "create", "--name", "Storm");
        Assert.Equal(0, created.ExitCode);
        var key = created.Out.Trim().Split('\n')[^1].Trim();
        var id = created.Out.Split(' ')[2];
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/incidents", NewIncident("K-1"))).StatusCode);
        Assert.Equal(0, (await app.RunCliAsync("api-keys", "revoke", id)).ExitCode);
        // Revoked by another process: the application believes the key it found good for at most ApiKeyCache.Freshness.
        app.AdvanceTime(Safeguard.App.Access.ApiKeyCache.Freshness);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents/K-1")).StatusCode);
    }
}
