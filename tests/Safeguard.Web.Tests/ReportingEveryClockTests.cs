using System.Net;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>The report's clock sections (issue 12, item 1), checked against figures worked out by hand from five incidents.</summary>
public class ReportingEveryClockTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 1, 12, 0);

    private static JsonElement Section(JsonElement report, string name) =>
        report.GetProperty("clocks").EnumerateArray().Single(s => s.GetProperty("section").GetString() == name);

    private static void Expect(JsonElement s, int population, int within, int late, int notDone, int pending, double? percent, double? median)
    {
        Assert.Equal(population, s.GetProperty("population").GetInt32());
        Assert.Equal(within, s.GetProperty("withinTarget").GetInt32());
        Assert.Equal(late, s.GetProperty("late").GetInt32());
        Assert.Equal(notDone, s.GetProperty("notDone").GetInt32());
        Assert.Equal(pending, s.GetProperty("pending").GetInt32());
        Assert.Equal(percent, s.GetProperty("percentWithinTarget").ValueKind == JsonValueKind.Null ? null : s.GetProperty("percentWithinTarget").GetDouble());
        Assert.Equal(median, s.GetProperty("medianMinutes").ValueKind == JsonValueKind.Null ? null : s.GetProperty("medianMinutes").GetDouble());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ImmediateAndAllGradeAttendance_AreReportedFromTheLedger_ByDistrictAndMonth(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, now: T);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        // reference, grade, children involved, district, created (minutes before T), arrived (minutes after creation) or open
        (string Reference, string Grade, bool Children, string District, int Created, int? Arrived)[] incidents =
        [
            ("INC-R1", "immediate", true, "North", 120, 10),
            ("INC-R2", "immediate", true, "North", 180, 30),
            ("INC-R3", "immediate", true, "South", 60, null),
            ("INC-R4", "priority", true, "South", 20, null),
            ("INC-R5", "immediate", false, "South", 90, 5),
        ];
        foreach (var (reference, grade, children, district, created, arrived) in incidents)
        {
            var at = T - Duration.FromMinutes(created);
            await SendAsync(cc, HttpMethod.Post, "/api/incidents", new { reference, createdAt = at.ToString(), grade, childrenInvolved = children, district }, HttpStatusCode.Created);
            if (arrived is { } a)
                await SendAsync(cc, HttpMethod.Post, $"/api/incidents/{reference}/events", new { kind = "arrived", at = (at + Duration.FromMinutes(a)).ToString() }, HttpStatusCode.OK);
        }
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var report = await OkAsync<JsonElement>(await analyst.GetAsync("/api/reports/performance?from=2024-03-01&to=2024-03-02"));

        // Immediate, children involved: R1 within 15 minutes (10), R2 late (30), R3 not attended an hour on; R5 has no children.
        var immediate = Section(report, "attendance-immediate");
        Expect(immediate, 3, 1, 1, 1, 0, 33.3, 20.0);
        var districts = immediate.GetProperty("byDistrict").EnumerateArray().ToList();
        Expect(districts.Single(d => d.GetProperty("district").GetString() == "North"), 2, 1, 1, 0, 0, 50.0, 20.0);
        Expect(districts.Single(d => d.GetProperty("district").GetString() == "South"), 1, 0, 0, 1, 0, 0.0, null);
        Expect(Assert.Single(immediate.GetProperty("byMonth").EnumerateArray()), 3, 1, 1, 1, 0, 33.3, 20.0);
        // Every grade: R4 (priority, twenty minutes old) is pending and left out of the percentage.
        Expect(Section(report, "attendance-all-grades"), 4, 1, 1, 1, 1, 33.3, 20.0);
        Expect(Section(report, "encompass"), 0, 0, 0, 0, 0, null, null);

        var csv = (await app.RunCliAsync("report", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv")).Out;
        Assert.Contains("attendance-immediate,all,3,1,1,1,0,33.3,20.0", csv, StringComparison.Ordinal);
        Assert.Contains("attendance-immediate:district,South,1,0,0,1,0,0.0,", csv, StringComparison.Ordinal);
        var text = (await app.RunCliAsync("report", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "text")).Out;
        Assert.Contains("attendance-all-grades", text, StringComparison.Ordinal);
        var page = await analyst.GetStringAsync("/Performance?from=2024-03-01&to=2024-03-02");
        Assert.Contains("Immediate incidents involving children attended</th>", page, StringComparison.Ordinal);
        Assert.Contains("33.3%", page, StringComparison.Ordinal);

        // The drill-down: the clocks behind the figure that missed the target (R2 late, R3 not done), oldest first, and by district.
        var behind = await analyst.GetStringAsync("/Performance/Clocks?section=attendance-immediate&from=2024-03-01&to=2024-03-02");
        Assert.Contains("2 clock(s) late or not done", behind, StringComparison.Ordinal);
        Assert.True(behind.IndexOf("INC-R2", StringComparison.Ordinal) < behind.IndexOf("INC-R3", StringComparison.Ordinal));
        Assert.DoesNotContain("INC-R1", behind, StringComparison.Ordinal);
        Assert.Contains("Late by 15 minutes", behind, StringComparison.Ordinal);
        var south = await analyst.GetStringAsync("/Performance/Clocks?section=attendance-immediate&from=2024-03-01&to=2024-03-02&district=South");
        Assert.Contains("1 clock(s) late or not done", south, StringComparison.Ordinal);
        Assert.Contains("INC-R3", south, StringComparison.Ordinal);
        var bad = await analyst.GetAsync("/Performance/Clocks?section=nonsense&from=2024-03-01&to=2024-03-02");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("section must be one of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
