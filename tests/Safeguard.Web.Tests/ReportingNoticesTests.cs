using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ReportingNoticesTests
{
    private const string Header = "reference,child_reference,incident_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with";

    // Hand-computed below; now is 2024-02-01 12:00Z.
    private const string Notices = Header + "\n"
        + "N-01,C-1,INC-1,domestic_abuse,standard,2023-03-26T00:30:00,2023-03-27T00:30:00,2023-03-27T23:30:00Z,red,2023-03-28T23:30:00Z,Children's social care; Health\n" // 23 h across the change; review and sharing at exactly 24 h
        + "N-02,C-1,,child_concern,HIGH,2023-05-01T10:00:00Z,2023-05-02T10:00:01Z,2023-05-02T14:00:02Z,Amber,,\n" // submitted 1 s late; high: reviewed 1 s after 4 h; never shared
        + "N-03,C-1,,online_abuse,medium,2023-06-01T10:00:00Z,2023-06-01T12:00:00Z,,,,\n" // never reviewed; C-1's third notice in 90 days
        + "N-04,C-2,,other,standard,2023-07-01T10:00:00Z,2023-07-01T11:00:00+00:00,2023-07-01T20:00:00Z,green,,\n" // green: no sharing needed
        + "N-05,C-2,,missing,standard,2022-12-31T23:59:59Z,2023-01-01T10:00:00Z,,,,\n" // before the period
        + "N-06,C-2,,exploitation,high,2023-12-31T23:00:00Z,2024-02-01T11:00:00Z,,,,\n"; // submitted 780 h late; review not yet due

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task NoticesSection_MatchesHandComputedFigures(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.ImportIncidentsAsync("reference,created_at,grade,children_involved\nINC-1,2023-03-26T00:00:00Z,priority,yes\n")).ExitCode);
        var import = await app.RunCliAsync("import", "notices", app.WriteFile(Notices));
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
        var cli = await app.RunCliAsync("report", "--from", "2023-01-01", "--to", "2024-01-01");
        var n = JsonDocument.Parse(cli.Out).RootElement.GetProperty("notices");
        Assert.Equal(5, n.GetProperty("population").GetInt32());
        var submission = n.GetProperty("submission");
        Assert.Equal(24, submission.GetProperty("targetHours").GetDouble());
        Assert.Equal(3, submission.GetProperty("withinTarget").GetInt32());
        Assert.Equal(2, submission.GetProperty("late").GetInt32());
        Assert.Equal(60.0, submission.GetProperty("percentWithinTarget").GetDouble());
        Assert.Equal(23.0, submission.GetProperty("medianHours").GetDouble());
        var review = n.GetProperty("review");
        Assert.Equal([2, 1, 1, 1], new[] { "withinTarget", "late", "notReviewed", "pending" }.Select(k => review.GetProperty(k).GetInt32()));
        Assert.Equal(50.0, review.GetProperty("percentWithinTarget").GetDouble());
        Assert.Equal(9.0, review.GetProperty("medianHours").GetDouble());
        var sharing = n.GetProperty("sharing");
        Assert.Equal([2, 1, 0, 1, 0], new[] { "required", "withinTarget", "late", "notShared", "pending" }.Select(k => sharing.GetProperty(k).GetInt32()));
        Assert.Equal(50.0, sharing.GetProperty("percentWithinTarget").GetDouble());

        Assert.Equal(Instant.FromUtc(2023, 6, 1, 12, 0), await app.EscalatingConcernSinceAsync("C-1"));
        Assert.Null(await app.EscalatingConcernSinceAsync("C-2"));

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var api = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2023-01-01&to=2024-01-01")).RootElement.GetProperty("notices");
        Assert.Equal(JsonSerializer.Serialize(n), JsonSerializer.Serialize(api));
        Assert.Contains("read 6, created 0, updated 0, unchanged 6", (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).Out, StringComparison.Ordinal);

        using var person = await app.CreateSignedInClientAsync(Roles.Analyst);
        var page = await person.GetStringAsync("/Performance?from=2023-01-01&to=2024-01-01");
        Assert.Contains("5 notice(s) whose concern arose in the period", page, StringComparison.Ordinal);
        Assert.Matches(@"Reviewed in the MASH[^<]*</th>\s*<td[^>]*>5</td><td[^>]*>2</td>\s*<td[^>]*>1</td><td[^>]*>1</td><td[^>]*>1</td>\s*<td[^>]*>50\.0%</td>", page);
    }

    [Fact]
    public async Task InvalidNotices_RejectTheFile_NamingEachLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var csv = Header + "\n"
            + "OK-1,C-1,,other,standard,2023-01-10T10:00:00Z,2023-01-10T11:00:00Z,,,,\n"
            + "B-1,C-1,,gossip,severe,2023-01-10T10:00:00Z,2023-01-10T09:00:00Z,,,,\n"
            + "B-2,C-1,,other,standard,2023-01-10T10:00:00Z,2023-01-10T11:00:00Z,2023-01-10T12:00:00Z,,,\n"
            + "B-3,C-1,,other,standard,2023-01-10T10:00:00Z,2023-01-10T11:00:00Z,2023-01-10T10:30:00Z,purple,2023-01-10T10:00:00Z,\n"
            + "B-4,C-1,,other,standard,2023-01-10T10:00:00Z,2023-01-10T11:00:00Z,,red,,\n"
            + "B-5,C-1,NO-SUCH-INCIDENT,other,standard,2023-01-10T10:00:00Z,2023-01-10T11:00:00Z,,,,\n";
        var result = await app.RunCliAsync("import", "notices", app.WriteFile(csv));
        Assert.Equal(2, result.ExitCode);
        foreach (var expected in new[]
        {
            "line 3: type 'gossip' is not one of child_concern", "line 3: officer_risk 'severe' is not one of standard, medium, high",
            "line 3: submitted_at is before occurred_at", "line 4: rag is missing (it is required with reviewed_at)",
            "line 5: reviewed_at is before submitted_at", "line 5: rag 'purple' is not one of red, amber, green", "line 5: shared_at is before reviewed_at",
            "line 6: rag is given but reviewed_at is empty", "line 7: incident_reference names no incident",
        })
            Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2:", result.Out, StringComparison.Ordinal);
    }
}
