using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class RecordingMissingEpisodesTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private static Task<JsonElement> SendAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        HttpAssert.SendAsync(client, HttpMethod.Post, url, body, expected);

    /// <summary>The episode's clock of this kind that is still running, or its only one (a risk review is one clock per review cycle).</summary>
    private static JsonElement Clock(JsonElement episode, string kind)
    {
        var clocks = episode.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == kind).ToList();
        return clocks.Count == 1 ? clocks[0] : clocks.Single(c => c.GetProperty("open").GetBoolean());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Coordinator_RecordsAnEpisode_FromReportToReturnInterview(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        var reported = await SendAsync(coordinator, "/api/missing", new
        {
            reference = "EP-1",
            childReference = "CH-1",
            reportedAt = (T - Duration.FromMinutes(10)).ToString(),
            risk = "high",
            district = "North",
            information = new[] { new { item = "Has not taken medication", source = "Mother", obtainedAt = (T - Duration.FromMinutes(12)).ToString() } },
        }, HttpStatusCode.Created);
        Assert.Equal((T + Duration.FromMinutes(5)).ToString(), Clock(reported, "missing-attendance").GetProperty("due").GetString());
        Assert.Equal((T + Duration.FromMinutes(50)).ToString(), Clock(reported, "missing-review").GetProperty("due").GetString());

        var at = T.ToString();
        var noReason = await coordinator.PostAsJsonAsync("/api/missing/EP-1/events", new { kind = "reviewed", at, risk = "medium" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var lowered = await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "reviewed", at, risk = "medium", reason = "Seen safe on CCTV at 11:40" });
        Assert.Equal("medium", lowered.GetProperty("currentRisk").GetString());
        Assert.Equal("high", lowered.GetProperty("riskAtReport").GetString());
        Assert.Equal((T + Duration.FromHours(6)).ToString(), Clock(lowered, "missing-review").GetProperty("due").GetString());
        // The first review cycle was met by the review; the next runs from it.
        var cycles = lowered.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "missing-review").ToList();
        Assert.Equal(["met", "running"], cycles.Select(c => c.GetProperty("state").GetString()));
        Assert.Equal([0, 1], cycles.Select(c => c.GetProperty("cycle").GetInt32()));
        Assert.Equal((T + Duration.FromMinutes(60)).ToString(), Clock(lowered, "missing-attendance").GetProperty("due").GetString());

        var school = await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "action", at, action = "school-contacted", note = "Head of year told" });
        Assert.Equal(at, school.GetProperty("schoolContactedAt").GetString());
        await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "action", at, action = "teleported" }, HttpStatusCode.BadRequest);
        await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "return-interview-offered", at }, HttpStatusCode.Conflict);
        await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "found", at }, HttpStatusCode.BadRequest);

        app.AdvanceTime(Duration.FromHours(1));
        var found = await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "found", at = app.Now.ToString(), where = "Friend's house", foundBy = "PC 123" });
        // Found: no review runs any more; the cycle running at the time ended in time (cancelled, not met).
        Assert.DoesNotContain(found.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("kind").GetString() == "missing-review" && c.GetProperty("open").GetBoolean());
        Assert.Equal("cancelled", found.GetProperty("clocks").EnumerateArray().Last(c => c.GetProperty("kind").GetString() == "missing-review").GetProperty("state").GetString());
        Assert.Equal((app.Now + Duration.FromHours(72)).ToString(), Clock(found, "return-interview").GetProperty("due").GetString());
        var offered = await SendAsync(coordinator, "/api/missing/EP-1/events", new { kind = "return-interview-offered", at = app.Now.ToString() });
        Assert.Equal("met", Clock(offered, "return-interview").GetProperty("state").GetString());
        Assert.Equal(["reported", "reviewed", "action", "found", "return-interview-offered"],
            offered.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        await SendAsync(coordinator, "/api/missing", new { reference = "EP-1", childReference = "CH-1", reportedAt = at, risk = "low" }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/api/missing/NOPE")).StatusCode);
        using var partner = await app.CreateClientAsync(Roles.PartnerAgency);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/missing/EP-1")).StatusCode);
    }

    [Fact]
    public async Task ThirdEpisodeIn90Days_FlagsTheChild_OnTheChildRecordAndTheBoard()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        foreach (var (reference, daysAgo) in new[] { ("R-1", 80), ("R-2", 30) })
        {
            var earlier = await SendAsync(coordinator, "/api/missing", new { reference, childReference = "CH-9", reportedAt = (T - Duration.FromDays(daysAgo)).ToString(), risk = "low" }, HttpStatusCode.Created);
            Assert.False(earlier.GetProperty("childRepeatMissing").GetBoolean());
            await SendAsync(coordinator, $"/api/missing/{reference}/events", new { kind = "found", at = (T - Duration.FromDays(daysAgo) + Duration.FromHours(5)).ToString(), where = "Home", foundBy = "Mother" });
        }
        var third = await SendAsync(coordinator, "/api/missing", new { reference = "R-3", childReference = "CH-9", reportedAt = T.ToString(), risk = "medium" }, HttpStatusCode.Created);
        Assert.True(third.GetProperty("childRepeatMissing").GetBoolean());

        using var person = await app.CreateSignedInClientAsync(Roles.MissingCoordinator);
        var record = await person.GetStringAsync("/Children/CH-9");
        Assert.Contains("Repeat missing since", record, StringComparison.Ordinal);
        Assert.Contains("R-1", record, StringComparison.Ordinal);
        Assert.Contains("href=\"/Missing/R-3\"", record, StringComparison.Ordinal);
        // A MASH practitioner reads the child's record but not missing episodes: they are named, not linked.
        using (var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner))
        {
            var theirs = await mash.GetStringAsync("/Children/CH-9");
            Assert.Contains("R-3", theirs, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/Missing/", theirs, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await mash.GetAsync("/Missing/R-3")).StatusCode);
        }
        var board = await person.GetStringAsync("/Missing");
        Assert.Contains("1 open episode(s)", board, StringComparison.Ordinal);
        Assert.Contains("Repeat missing", board, StringComparison.Ordinal);
        Assert.DoesNotContain(">R-1<", board, StringComparison.Ordinal);
    }
}
