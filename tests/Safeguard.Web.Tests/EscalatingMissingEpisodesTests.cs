using System.Net;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class EscalatingMissingEpisodesTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task MissedRiskReview_IsEscalated_AndEachReviewStartsAFreshCycle(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        await HttpAssert.SendAsync(coordinator, HttpMethod.Post, "/api/missing", new
        {
            reference = "EP-E",
            childReference = "CH-E",
            reportedAt = T.ToString(),
            risk = "high",
            district = "North",
            information = new[] { new { item = "Age 12, never missing before (synthetic)", source = "Mother", obtainedAt = T.ToString() } },
        }, HttpStatusCode.Created);
        app.AdvanceTime(Duration.FromMinutes(10));
        await HttpAssert.SendAsync(coordinator, HttpMethod.Post, "/api/missing/EP-E/events", new { kind = "attended", at = app.Now.ToString() }, HttpStatusCode.OK);

        // The hourly review is missed: the coordinator was warned at 45 minutes, the duty inspector told at the hour.
        app.AdvanceTime(Duration.FromMinutes(51));
        Assert.Equal(2, await app.EscalateAsync());
        var lines = await app.EscalationsAsync();
        Assert.Contains($"note EP-E missing-coordinator Missing risk review due within 15 min @{T + Duration.FromMinutes(45)} ({app.Now})", lines);
        Assert.Contains($"note EP-E duty-inspector Missing risk review target missed @{T + Duration.FromHours(1) + Duration.Epsilon} ({app.Now})", lines);
        Assert.DoesNotContain(lines, l => l.Contains("missing-attendance", StringComparison.Ordinal)); // attended in time

        // A review at 70 minutes starts the next hour: its warning fires again at 115 minutes, once.
        app.AdvanceTime(Duration.FromMinutes(9));
        await HttpAssert.SendAsync(coordinator, HttpMethod.Post, "/api/missing/EP-E/events", new { kind = "reviewed", at = app.Now.ToString(), risk = "high" }, HttpStatusCode.OK);
        app.AdvanceTime(Duration.FromMinutes(46));
        Assert.Equal(1, await app.EscalateAsync());
        Assert.Equal(0, await app.EscalateAsync());
        Assert.Equal(2, (await app.EscalationsAsync()).Count(l => l.StartsWith("note EP-E missing-coordinator Missing risk review due", StringComparison.Ordinal)));

        // Found: no more reviews are owed; the prevention interview is, and it escalates in its turn.
        await HttpAssert.SendAsync(coordinator, HttpMethod.Post, "/api/missing/EP-E/events",
            new { kind = "found", at = app.Now.ToString(), where = "Friend's house (synthetic)", foundBy = "PC 77" }, HttpStatusCode.OK);
        app.AdvanceTime(Duration.FromHours(24) + Duration.FromMinutes(1));
        await app.EscalateAsync();
        var after = await app.EscalationsAsync();
        Assert.Contains(after, l => l.StartsWith("note EP-E duty-inspector Prevention interview target missed", StringComparison.Ordinal));
        Assert.DoesNotContain(after, l => l.StartsWith("note EP-E duty-inspector Missing risk review", StringComparison.Ordinal) && !l.Contains($"@{T + Duration.FromHours(1) + Duration.Epsilon}", StringComparison.Ordinal));

        // The child's record shows the episode's clocks: the missed review in the chronology, the interview still owed.
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        Assert.Contains("href=\"/Missing/EP-E\"", await supervisor.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        var record = System.Text.Json.JsonDocument.Parse(await supervisor.GetStringAsync("/api/children/CH-E")).RootElement;
        var chronology = record.GetProperty("chronology").EnumerateArray().Select(e => e.GetProperty("what").GetString()).ToList();
        Assert.Equal(1, chronology.Count(w => w == "Missing risk review: escalated to duty-inspector (breach)"));
        Assert.Equal(2, chronology.Count(w => w == "Missing risk review: escalated to missing-coordinator (warning)"));
        Assert.Contains("Risk reviewed: high", chronology);
        Assert.Contains("Missing report attendance: done in time", chronology);
        Assert.Contains("Missing risk review: done late", chronology); // the first hour, reviewed at 70 minutes
        Assert.Contains(record.GetProperty("open").EnumerateArray(),
            o => o.GetProperty("clock").GetProperty("title").GetString() == "Prevention interview" && o.GetProperty("clock").GetProperty("state").GetString() == "breached");
    }
}
