using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ReportingMissingChildrenTests
{
    private const string Header = "reference,child_reference,reported_at,risk,attended_at,found_at,prevention_interview_at,return_interview_offered_at,school_contacted_at,district";

    // Hand-computed below. Now is 2024-02-01 12:00Z.
    private const string Episodes = Header + "\n"
        + "M-01,C-1,2023-03-26T00:50:00,high,2023-03-26T02:05:00,2023-03-26T05:00:00Z,,2023-03-29T05:00:00Z,,North\n" // 15 min across the spring change; RHI at exactly 72 h
        + "M-02,C-1,2023-05-01T10:00:00Z,medium,2023-05-01T11:00:01Z,2023-05-02T10:00:00Z,2023-05-02T12:00:00Z,2023-05-05T10:00:01Z,2023-05-01T12:00:00Z,North\n" // 60:01 late; RHI late
        + "M-03,C-1,2023-06-20T10:00:00Z,LOW,2023-06-21T09:00:00Z,,,,,North\n" // 23 h: within; C-1's third in 90 days
        + "M-04,C-2,2022-11-15T10:00:00Z,low,,,,,,South\n"
        + "M-05,C-2,2022-12-20T10:00:00Z,low,,,,,,South\n"
        + "M-06,C-2,2023-01-10T10:00:00Z,very_low,,2023-01-11T10:00:00Z,,,,South\n" // no attendance target; RHI never offered; C-2 repeat with episodes before the period
        + "M-07,C-3,2023-12-31T23:59:00Z,high,,,,,,South\n" // never attended
        + "M-08,C-3,2024-01-01T00:00:00Z,high,,,,,,South\n" // after the period
        + "M-09,C-4,2023-10-29T01:30:00,medium,2023-10-29T01:20:00Z,,,,,South\n" // ambiguous time = 00:30Z: 50 minutes
        + "M-10,C-5,2023-02-01T00:00:00Z,very_low,,,,,,West\n"
        + "M-11,C-5,2023-03-01T00:00:00Z,very_low,,,,,,West\n"
        + "M-12,C-5,2023-05-02T00:00:00Z,very_low,,,,,,West\n"; // exactly 90 days after M-10: outside the half-open window

    private static void AssertCounts(JsonElement e, int within, int late, int notDone, int pending, double? percent, string notDoneName = "notAttended")
    {
        Assert.Equal(within, e.GetProperty("withinTarget").GetInt32());
        Assert.Equal(late, e.GetProperty("late").GetInt32());
        Assert.Equal(notDone, e.GetProperty(notDoneName).GetInt32());
        Assert.Equal(pending, e.GetProperty("pending").GetInt32());
        Assert.Equal(percent, e.GetProperty("percentWithinTarget") is { ValueKind: JsonValueKind.Number } p ? p.GetDouble() : null);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task MissingSection_MatchesHandComputedFigures(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var import = await app.RunCliAsync("import", "missing", app.WriteFile(Episodes));
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
        Assert.Contains("read 12, created 12", import.Out, StringComparison.Ordinal);

        var cli = await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01");
        var missing = JsonDocument.Parse(cli.Out).RootElement.GetProperty("missing");
        Assert.Equal(9, missing.GetProperty("population").GetInt32());
        var attendance = missing.GetProperty("attendance");
        AssertCounts(attendance, 3, 1, 1, 0, 60.0);
        var byRisk = attendance.GetProperty("byRisk").EnumerateArray().ToDictionary(r => r.GetProperty("risk").GetString()!);
        Assert.Equal(["high", "medium", "low"], byRisk.Keys);
        Assert.Equal(15, byRisk["high"].GetProperty("targetMinutes").GetDouble());
        Assert.Equal(2, byRisk["high"].GetProperty("population").GetInt32());
        AssertCounts(byRisk["high"], 1, 0, 1, 0, 50.0);
        AssertCounts(byRisk["medium"], 1, 1, 0, 0, 50.0);
        AssertCounts(byRisk["low"], 1, 0, 0, 0, 100.0);
        Assert.Equal(1440, byRisk["low"].GetProperty("targetMinutes").GetDouble());
        var rhi = missing.GetProperty("returnInterview");
        Assert.Equal(72, rhi.GetProperty("targetHours").GetDouble());
        Assert.Equal(3, rhi.GetProperty("due").GetInt32());
        AssertCounts(rhi, 1, 1, 1, 0, 33.3, "notOffered");
        Assert.Equal(2, missing.GetProperty("repeatChildren").GetInt32());

        Assert.Equal(Instant.FromUtc(2023, 6, 20, 10, 0), await app.RepeatMissingSinceAsync("C-1"));
        Assert.Equal(Instant.FromUtc(2023, 1, 10, 10, 0), await app.RepeatMissingSinceAsync("C-2"));
        Assert.Null(await app.RepeatMissingSinceAsync("C-5"));

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var api = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01")).RootElement.GetProperty("missing");
        Assert.Equal(JsonSerializer.Serialize(missing), JsonSerializer.Serialize(api));

        var again = await app.RunCliAsync("import", "missing", app.WriteFile(Episodes));
        Assert.Contains("read 12, created 0, updated 0, unchanged 12", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidEpisodes_RejectTheFile_NamingEachLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var csv = Header + "\n"
            + "OK-1,C-1,2023-01-10T10:00:00Z,high,,,,,,\n"
            + "B-1,,2023-01-10T10:00:00Z,severe,,,,,,\n"
            + "B-2,C-2,2023-01-10T10:00:00Z,low,2023-01-10T09:00:00Z,2023-01-10T11:00:00Z,2023-01-10T10:30:00Z,,,\n"
            + "B-3,C-3,2023-03-26T01:15:00,medium,,,,,,\n";
        var result = await app.RunCliAsync("import", "missing", app.WriteFile(csv));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3: child_reference is missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 3: risk 'severe' is not one of very_low, low, medium, high", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 4: attended_at is before reported_at", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 4: prevention_interview_at is before found_at", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 5: reported_at '2023-03-26T01:15:00' does not exist", result.Out, StringComparison.Ordinal);
        var report = JsonDocument.Parse((await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01")).Out).RootElement;
        Assert.Equal(0, report.GetProperty("missing").GetProperty("population").GetInt32());
    }
}
