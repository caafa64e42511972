using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ReportingAttendanceTests
{
    // Hand-computed below: a year of priority incidents with children involved, including both 2023 clock changes,
    // exact-target arrivals, London month and period boundaries given in UTC, and regrades either way.
    private const string Year2023 = """
        reference,created_at,grade,children_involved,district,arrived_at,final_grade
        H-01,2023-01-15T10:00:00Z,priority,yes,North,2023-01-15T11:00:00Z,
        H-02,2023-01-15T11:00:00Z,priority,yes,North,2023-01-15T12:00:01Z,
        H-03,2023-03-26T00:50:00,priority,yes,South,2023-03-26T02:40:00,
        H-04,2023-10-29T01:30:00,priority,yes,South,2023-10-29T01:20:00Z,
        H-05,2022-12-31T23:59:59Z,priority,yes,North,2023-01-01T00:10:00Z,
        H-06,2023-12-31T23:59:59Z,priority,yes,North,,
        H-07,2023-06-30T23:30:00Z,priority,yes,South,2023-07-01T01:00:00Z,
        H-09,2023-05-31T23:00:00Z,priority,yes,North,2023-05-31T23:10:00Z,
        H-10,2023-02-01T00:00:00Z,priority,no,North,2023-02-01T00:10:00Z,
        H-11,2023-02-01T00:00:00Z,immediate,yes,North,2023-02-01T00:10:00Z,
        H-12,2023-08-10T10:00:00Z,priority,yes,North,2023-08-10T12:00:00Z,scheduled
        H-13,2023-09-05T10:00:00Z,scheduled,yes,South,2023-09-05T10:20:00Z,priority
        H-14,2024-01-01T00:00:00Z,priority,yes,North,,
        """;

    private static JsonElement Attendance(string json) => JsonDocument.Parse(json).RootElement.GetProperty("attendance");

    private static void AssertFigures(JsonElement e, int population, int within, int late, int notAttended, int pending, double? percent, double? median)
    {
        Assert.Equal(population, e.GetProperty("population").GetInt32());
        Assert.Equal(within, e.GetProperty("withinTarget").GetInt32());
        Assert.Equal(late, e.GetProperty("late").GetInt32());
        Assert.Equal(notAttended, e.GetProperty("notAttended").GetInt32());
        Assert.Equal(pending, e.GetProperty("pending").GetInt32());
        Assert.Equal(percent, e.GetProperty("percentWithinTarget") is { ValueKind: JsonValueKind.Number } p ? p.GetDouble() : null);
        Assert.Equal(median, e.GetProperty("medianMinutes") is { ValueKind: JsonValueKind.Number } m ? m.GetDouble() : null);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Report_MatchesHandComputedFigures_FromCliAndApi(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Year2023)).ExitCode);

        var cli = await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01", "--format", "json");
        Assert.Equal(0, cli.ExitCode);
        var a = Attendance(cli.Out);
        Assert.Equal("priority", a.GetProperty("grade").GetString());
        Assert.Equal("initial", a.GetProperty("gradeBasis").GetString());
        Assert.Equal(60, a.GetProperty("targetMinutes").GetDouble());
        Assert.Equal(75, a.GetProperty("targetPercent").GetDouble());
        // Within: H-01 (exactly 60:00), H-03 (50 min across the spring change), H-04 (50 min, ambiguous autumn time = earlier), H-09.
        // Late: H-02 (60:01), H-07, H-12 (downgraded, still priority on the initial grade). Not attended: H-06.
        AssertFigures(a, 8, 4, 3, 1, 0, 50.0, 60.0);

        var districts = a.GetProperty("byDistrict").EnumerateArray().ToDictionary(d => d.GetProperty("district").GetString()!);
        AssertFigures(districts["North"], 5, 2, 2, 1, 0, 40.0, 60.0);
        AssertFigures(districts["South"], 3, 2, 1, 0, 0, 66.7, 50.0);

        var months = a.GetProperty("byMonth").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!);
        Assert.Equal(12, months.Count);
        AssertFigures(months["2023-01"], 2, 1, 1, 0, 0, 50.0, 60.0);
        AssertFigures(months["2023-03"], 1, 1, 0, 0, 0, 100.0, 50.0);
        AssertFigures(months["2023-06"], 1, 1, 0, 0, 0, 100.0, 10.0);   // 00:00 BST on 1 June, given as 23:00Z on 31 May
        AssertFigures(months["2023-07"], 1, 0, 1, 0, 0, 0.0, 90.0);     // 00:30 BST on 1 July
        AssertFigures(months["2023-08"], 1, 0, 1, 0, 0, 0.0, 120.0);
        AssertFigures(months["2023-10"], 1, 1, 0, 0, 0, 100.0, 50.0);
        AssertFigures(months["2023-12"], 1, 0, 0, 1, 0, 0.0, null);
        AssertFigures(months["2023-02"], 0, 0, 0, 0, 0, null, null);

        using var client = await app.CreateClientAsync(Roles.Analyst);
        var api = await client.GetAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(Normalise(cli.Out), Normalise(await api.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task FinalGradeBasis_CountsRegradesByTheirLastGrade(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Policy:Attendance:GradeBasis"] = "Final" });
        Assert.Equal(0, (await app.ImportIncidentsAsync(Year2023)).ExitCode);
        var a = Attendance((await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01")).Out);
        Assert.Equal("final", a.GetProperty("gradeBasis").GetString());
        // H-12 (downgraded) leaves; H-13 (upgraded, 20 minutes) joins.
        AssertFigures(a, 8, 5, 2, 1, 0, 62.5, 50.0);
    }

    [Fact]
    public async Task Pending_BecomesNotAttended_OnlyAfterTheTargetHasPassed()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: Instant.FromUtc(2024, 1, 1, 0, 59, 59));
        Assert.Equal(0, (await app.ImportIncidentsAsync(Year2023)).ExitCode);
        var atDue = Attendance((await app.RunCliAsync("report", "--from", "2023-12-01", "--to", "2024-01-01")).Out);
        AssertFigures(atDue, 1, 0, 0, 0, 1, null, null);

        app.AdvanceTime(Duration.FromSeconds(1));
        var after = Attendance((await app.RunCliAsync("report", "--from", "2023-12-01", "--to", "2024-01-01")).Out);
        AssertFigures(after, 1, 0, 0, 1, 0, 0.0, null);
    }

    [Fact]
    public async Task CsvAndText_CarryTheSameFigures()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Year2023)).ExitCode);
        var csv = await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01", "--format", "csv");
        Assert.Contains("period,2023-01-01/2024-01-01,8,4,3,1,0,50.0,60.0", csv.Out, StringComparison.Ordinal);
        Assert.Contains("district,South,3,2,1,0,0,66.7,50.0", csv.Out, StringComparison.Ordinal);
        Assert.Contains("month,2023-12,1,0,0,1,0,0.0,", csv.Out, StringComparison.Ordinal);
        var text = await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01", "--format", "text");
        Assert.Matches(@"All\s+8\s+4\s+3\s+1\s+0\s+50\.0\s+60\.0", text.Out);
    }

    [Fact]
    public async Task EmptyPeriod_HasNullPercentages()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var a = Attendance((await app.RunCliAsync("report", "--from", "2020-01-01", "--to", "2020-02-01")).Out);
        AssertFigures(a, 0, 0, 0, 0, 0, null, null);
        Assert.Empty(a.GetProperty("byDistrict").EnumerateArray());
    }

    /// <summary>
    /// The Performance page asks its period as a first and a last day (GOV.UK date inputs) and takes the reader to the
    /// address every link shares (<c>?from=&amp;to=</c>, the day after the last); a bad period is said in plain words.
    /// </summary>
    [Fact]
    public async Task ThePerformancePage_AsksTheFirstAndLastDay_AndGoesToTheSharedAddress()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        using var asked = await analyst.GetAsync("/Performance?first.Day=1&first.Month=3&first.Year=2024&last.Day=31&last.Month=3&last.Year=2024");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal("/Performance?from=2024-03-01&to=2024-04-01", asked.Headers.Location?.OriginalString);

        var shown = await analyst.GetStringAsync("/Performance?from=2024-03-01&to=2024-04-01");
        Assert.Contains("name=\"last.Day\" type=\"text\" inputmode=\"numeric\" value=\"31\"", shown, StringComparison.Ordinal); // the last day, not the day after
        Assert.Contains("name=\"first.Month\" type=\"text\" inputmode=\"numeric\" value=\"3\"", shown, StringComparison.Ordinal);

        using var backwards = await analyst.GetAsync("/Performance?first.Day=2&first.Month=3&first.Year=2024&last.Day=1&last.Month=3&last.Year=2024");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        var said = WebUtility.HtmlDecode(await backwards.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#last\">The last day must be the same as or after the first day</a>", said, StringComparison.Ordinal);
        Assert.Contains("<title>Error: Performance", said, StringComparison.Ordinal);
        using var halfDate = await analyst.GetAsync("/Performance?first.Day=2&first.Month=3");
        Assert.Equal(HttpStatusCode.BadRequest, halfDate.StatusCode);
        var half = WebUtility.HtmlDecode(await halfDate.Content.ReadAsStringAsync());
        Assert.Contains("The first day must include a year", half, StringComparison.Ordinal);
        Assert.Contains("Enter the last day", half, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDates_AreRefused_WithNothingOnStandardOutput()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.RunCliAsync("report", "--from", "2023-13-01", "--to", "2024-01-01");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("yyyy-MM-dd", result.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, (await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01", "--format", "xml")).ExitCode);
    }

    [Theory]
    [InlineData("Policy:Attendance:PriorityMinutes", "-5")]
    [InlineData("Policy:Missing:HighAttendanceMinutes", "0")]
    [InlineData("Policy:Notices:ReviewHours", "-1")]
    [InlineData("Policy:Attendance:ChildSeenHours", "0")]
    [InlineData("Policy:Notices:SchoolTerms:0:First", "next September")]
    [InlineData("Policy:Notices:SchoolClosures:0", "2024-02-30")]
    [InlineData("Policy:Notices:Escalation:0:Name", "a,b")]
    [InlineData("Policy:Missing:Escalation:0:Name", "")]
    public async Task UnusablePolicy_IsRefusedWithAClearMessage(string setting, string value)
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        await using var misconfigured = await app.StartAnotherInstanceAsync(new Dictionary<string, string?> { [setting] = value }, startHost: false);
        var result = await misconfigured.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not usable", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task ReportPopulation_IsReadByItsIndex_NotByScanningEveryIncident_OnSqlite()
    {
        // SQLite cannot use an index for a bare boolean term (WHERE "ChildrenInvolved" AND …): the report then read
        // every incident ever stored to find a period's children. The plan must search the index on both columns.
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var plan = await app.WithServices(async sp =>
        {
            var report = sp.GetRequiredService<Safeguard.App.Reporting.BuildPerformanceReport>();
            var db = sp.GetRequiredService<Safeguard.App.Data.AppDbContext>();
            var period = new Safeguard.Domain.Time.ReportPeriod(new LocalDate(2023, 1, 1), new LocalDate(2024, 1, 1), report.Zone);
            // SQLite's ToQueryString gives each parameter as a ".param set NAME VALUE" line before the statement.
            const string parameterLine = ".param set ";
            var lines = report.Population(period).ToQueryString().Split('\n').ToLookup(l => l.StartsWith(parameterLine, StringComparison.Ordinal));
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines[false]);
            foreach (var parameter in lines[true].Select(l => l[parameterLine.Length..].Split(' ', 2)))
            {
                var p = command.CreateParameter();
                (p.ParameterName, p.Value) = (parameter[0], long.Parse(parameter[1], System.Globalization.CultureInfo.InvariantCulture));
                command.Parameters.Add(p);
            }
            await db.Database.OpenConnectionAsync();
            var details = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) details.Add(reader.GetString(3));
            return string.Join(" | ", details);
        });
        Assert.DoesNotContain("SCAN i", plan, StringComparison.Ordinal);
        Assert.Contains("IX_incidents_ChildrenInvolved_CreatedAt", plan, StringComparison.Ordinal);
        Assert.Contains("ChildrenInvolved=? AND CreatedAt>? AND CreatedAt<?", plan, StringComparison.Ordinal);
    }

    private static string Normalise(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
