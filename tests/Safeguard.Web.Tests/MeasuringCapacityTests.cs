using System.Net;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>
/// Capacity at an instant, checked against figures worked out by hand from nine incidents whose attendance clocks start
/// and stop at known times: what is open and overdue, how old, what arrived and was completed in the window, the days
/// to clear and the flag.
/// </summary>
public class MeasuringCapacityTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 1, 12, 0);

    private static async Task SeedAsync(SafeguardApp app)
    {
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        // reference, created (days before T), district, arrived (days before T) or open
        (string Reference, double Created, string District, double? Arrived)[] incidents =
        [
            ("INC-C1", 5, "North", null),
            ("INC-C2", 2.0 / 24, "North", 1.5 / 24),
            ("INC-C3", 0.5 / 24, "North", null),
            ("INC-C4", 40, "North", 39),
            ("INC-C5", 10, "South", null),
            ("INC-C6", 29, "East", 3.0 / 24),
            ("INC-C7", 30, "East", 2),
            ("INC-C8", 35, "East", 1),
            ("INC-C9", 33, "East", 20),
        ];
        foreach (var (reference, created, district, arrived) in incidents)
        {
            await SendAsync(cc, HttpMethod.Post, "/api/incidents", new
            {
                reference,
                createdAt = (T - Duration.FromDays(created)).ToString(),
                grade = "priority",
                childrenInvolved = false,
                district,
            }, HttpStatusCode.Created);
            if (arrived is { } a)
                await SendAsync(cc, HttpMethod.Post, $"/api/incidents/{reference}/events", new { kind = "arrived", at = (T - Duration.FromDays(a)).ToString() }, HttpStatusCode.OK);
        }
    }

    private static JsonElement Queue(JsonElement report, string queue, string? team) =>
        report.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == queue
            && (team is null ? q.GetProperty("team").ValueKind == JsonValueKind.Null : q.GetProperty("team").GetString() == team));

    private static void Expect(JsonElement q, int open, int overdue, double oldestHours, int[] ages, double arrivals, double completions, double? forecast)
    {
        Assert.Equal(open, q.GetProperty("open").GetInt32());
        Assert.Equal(overdue, q.GetProperty("overdue").GetInt32());
        Assert.Equal(oldestHours, q.GetProperty("oldestHours").GetDouble());
        var a = q.GetProperty("ages");
        Assert.Equal(ages, new[] { a.GetProperty("under1d").GetInt32(), a.GetProperty("1to3d").GetInt32(), a.GetProperty("3to7d").GetInt32(), a.GetProperty("over7d").GetInt32() });
        Assert.Equal(arrivals, q.GetProperty("arrivalsPerDay").GetDouble());
        Assert.Equal(completions, q.GetProperty("completionsPerDay").GetDouble());
        var f = q.GetProperty("forecastDaysToClear");
        if (forecast is null) Assert.Equal(JsonValueKind.Null, f.ValueKind);
        else Assert.Equal(forecast.Value, f.GetDouble());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task EveryQueue_AtAnInstant_MatchesTheFiguresWorkedOutByHand(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, now: T);
        await SeedAsync(app);
        using var analyst = await app.CreateClientAsync(Roles.Analyst);

        var now = await OkAsync<JsonElement>(await analyst.GetAsync("/api/capacity?at=2024-03-01T12:00:00Z"));
        Assert.Equal(28, now.GetProperty("windowDays").GetInt32());
        // Open: C1 (5 days), C3 (30 minutes), C5 (10 days); C1 and C5 past their hour. Arrived in the 28 days: C1, C2, C3, C5;
        // completed: C2, C6, C7, C8, C9. Clearing 3 at one a day net: 3 × 28 / (5 − 4) = 84 days, so flagged as slow.
        Expect(Queue(now, "attendance", null), 3, 2, 240.0, [1, 0, 1, 1], 0.14, 0.18, 84.0);
        Expect(Queue(now, "attendance", "North"), 2, 1, 120.0, [1, 0, 1, 0], 0.11, 0.04, null);
        Expect(Queue(now, "attendance", "South"), 1, 1, 240.0, [0, 0, 0, 1], 0.04, 0.0, null);
        Expect(Queue(now, "attendance", "East"), 0, 0, 0.0, [0, 0, 0, 0], 0.0, 0.14, 0.0);
        Expect(Queue(now, "mash-review", null), 0, 0, 0.0, [0, 0, 0, 0], 0.0, 0.0, null);

        // Three days earlier: C1 (2 days), C5 (7 days: seven or more), C6, C7, C8 (not attended yet then) open, all overdue;
        // arrived in the 28 days before: C1, C5, C6, C7; completed: C9.
        var before = await OkAsync<JsonElement>(await analyst.GetAsync("/api/capacity?at=2024-02-27T12:00:00Z"));
        Expect(Queue(before, "attendance", null), 5, 5, 768.0, [0, 1, 0, 4], 0.14, 0.04, null);
        // A window of a week: only C1 arrived (C5, exactly ten days before, is outside it), nothing was completed.
        var week = await OkAsync<JsonElement>(await analyst.GetAsync("/api/capacity?at=2024-02-27T12:00:00Z&windowDays=7"));
        Expect(Queue(week, "attendance", null), 5, 5, 768.0, [0, 1, 0, 4], 0.14, 0.0, null);

        // The command line gives the same JSON, and CSV and text.
        var cli = await app.RunCliAsync("capacity", "--at", "2024-03-01T12:00:00Z");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Expect(Queue(JsonDocument.Parse(cli.Out).RootElement, "attendance", null), 3, 2, 240.0, [1, 0, 1, 1], 0.14, 0.18, 84.0);
        var csv = (await app.RunCliAsync("capacity", "--at", "2024-03-01T12:00:00Z", "--format", "csv")).Out;
        Assert.Contains("2024-03-01T12:00:00Z,28,attendance,,3,2,240,1,0,1,1,0.14,0.18,84", csv, StringComparison.Ordinal);
        Assert.Contains("attendance,North,2,1,120,1,0,1,0,0.11,0.04,", csv, StringComparison.Ordinal);
        var text = (await app.RunCliAsync("capacity", "--at", "2024-03-01T12:00:00Z", "--format", "text")).Out;
        Assert.Contains("Slow to clear: 84 days", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCapacityPage_FlagsWhatIsNotKeepingUp_AndBadInputIsAClearError_AndOnlyThoseWhoReadFiguresMaySeeIt()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T);
        await SeedAsync(app);
        using var inspector = await app.CreateClientAsync(Roles.Inspector);
        var page = await inspector.GetStringAsync("/Performance/Capacity");
        Assert.Contains("1 queue(s) not keeping up: Attendance", page, StringComparison.Ordinal);
        Assert.Contains("id=\"districts-attendance\"", page, StringComparison.Ordinal);
        Assert.Contains("84.0", page, StringComparison.Ordinal);

        var bad = await inspector.GetAsync("/Performance/Capacity?at=yesterday&windowDays=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var said = await bad.Content.ReadAsStringAsync();
        Assert.Contains("<title>Error:", said, StringComparison.Ordinal);
        Assert.Contains("Enter a number of days from 1 to 366", said, StringComparison.Ordinal);
        Assert.Contains("Enter the date and time as in 2026-12-01 09:00, or leave it blank for now", said, StringComparison.Ordinal);
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/capacity?at=9999-01-01T00:00:00Z")).StatusCode);
        Assert.Equal(2, (await app.RunCliAsync("capacity", "--window-days", "0")).ExitCode);

        using var partner = await app.CreateClientAsync(Roles.PartnerAgency);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/capacity")).StatusCode);
        using var handler = await app.CreateClientAsync(Roles.CallHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.GetAsync("/api/capacity")).StatusCode);
        // The queue's own board shows the same flag (a link to the figures for those who may read them); a queue keeping up shows none.
        var board = await handler.GetStringAsync("/Board");
        Assert.Contains("Slow to clear: 84 days. 3 open, 2 overdue", board, StringComparison.Ordinal);
        Assert.DoesNotContain("See capacity", board, StringComparison.Ordinal);
        using var supervisor = await app.CreateClientAsync(Roles.Supervisor);
        Assert.Contains("See capacity", await supervisor.GetStringAsync("/Board"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"queue-flag\"", await supervisor.GetStringAsync("/Mash"), StringComparison.Ordinal);
        using var dashboard = await app.CreateClientAsync(Roles.ReportingClient);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.GetAsync("/api/capacity")).StatusCode);
    }
}
