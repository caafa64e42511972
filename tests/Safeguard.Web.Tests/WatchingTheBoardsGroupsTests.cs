using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// The control-room board makes the urgent obvious: overdue first, then due soon, then on time, each under its heading
/// with its true count; an incident overdue for more than a day is set apart at the foot for clean-up, never above a
/// case that can still be saved; grades are coloured tags, child cases marked, and what was done about a delay shows.
/// </summary>
public partial class WatchingTheBoardsGroupsTests
{
    [Fact]
    public async Task TheBoard_GroupsOverdueDueSoonOnTime_AndSetsTheStaleApart()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        async Task CreateAsync(string reference, int minutesAgo, string grade, bool children)
        {
            using var response = await cc.PostAsJsonAsync("/api/incidents", new
            {
                reference,
                createdAt = (app.Now - Duration.FromMinutes(minutesAgo)).ToString(),
                grade,
                childrenInvolved = children,
                district = "North",
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        // Priority: 60 minutes, warning at 45. Immediate (urban): 15 minutes.
        await CreateAsync("STALE-1", 32 * 60, "immediate", children: false); // overdue by 31 h 45 min: stale
        await CreateAsync("LATE-1", 90, "priority", children: false);        // overdue by 30 min
        await CreateAsync("SOON-1", 50, "priority", children: true);         // 10 min left, in its warning
        await CreateAsync("FINE-1", 5, "priority", children: false);         // 55 min left
        using var reassessed = await cc.PostAsJsonAsync("/api/incidents/SOON-1/events", new
        {
            kind = "reassessed",
            at = app.Now.ToString(),
            thrive = new { threat = "t", harm = "h", risk = "r", investigation = "i", vulnerability = "v", engagement = "e" },
        });
        Assert.True(reassessed.IsSuccessStatusCode, await reassessed.Content.ReadAsStringAsync());

        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var board = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/Board"));
        var order = Row().Matches(board).Select(m => m.Groups["group"].Success ? "#" + m.Groups["group"].Value : m.Groups["reference"].Value).ToList();
        Assert.Equal(["#Overdue", "LATE-1", "#DueSoon", "SOON-1", "#OnTime", "FINE-1", "#Stale", "STALE-1"], order);
        Assert.Contains(">Overdue (1)</th>", board, StringComparison.Ordinal);
        Assert.Contains(">Overdue by more than 24 hours: check whether each is still open, and close it (1)</th>", board, StringComparison.Ordinal);
        Assert.Matches("<tr class=\"govuk-table__row sg-child\" data-reference=\"SOON-1\"", board);
        Assert.Contains("<strong class=\"govuk-tag govuk-tag--pink\">immediate</strong>", board, StringComparison.Ordinal);
        Assert.Matches("Reassessed [0-9]{2}:[0-9]{2}</span>", board);
        Assert.Contains("id=\"board-live\" data-state=\"off\"", board, StringComparison.Ordinal);

        // The whole board downloads as CSV, in the board's order, with the group of each.
        var csv = (await supervisor.GetStringAsync("/Board?handler=Csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("reference,group,state,due_at,grade,children_involved,district,created_at,reassessed_at,caller_told_at", csv[0]);
        Assert.Equal(["LATE-1", "SOON-1", "FINE-1", "STALE-1"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.StartsWith("SOON-1,Due soon,Due soon,", csv[2], StringComparison.Ordinal);
        Assert.Single(csv, l => l.StartsWith("SOON-1,", StringComparison.Ordinal) && l.Split(',')[8].Length > 0); // reassessed_at

        // Filtered, the groups count what the filter leaves.
        var filtered = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/Board?grade=priority"));
        Assert.DoesNotContain("STALE-1", filtered, StringComparison.Ordinal);
        Assert.Contains(">Due soon (1)</th>", filtered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Missing", "reference,child_reference,repeat_missing,risk,reported_at,district,review_state,review_due_at,attendance_state,attendance_due_at")]
    [InlineData("/Mash", "reference,child_reference,type,officer_risk,submitted_at,review_state,review_due_at")]
    [InlineData("/Children", "incident_reference,child_reference,created_at,district,category,state,due_at")]
    public async Task EveryWorkingList_DownloadsWhole_AsCsv(string list, string header)
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        Assert.Contains($"href=\"{list}?handler=Csv\"", await supervisor.GetStringAsync(list), StringComparison.Ordinal);
        using var response = await supervisor.GetAsync(list + "?handler=Csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(header, (await response.Content.ReadAsStringAsync()).Split('\n')[0].TrimEnd('\r'));
        // Downloading the whole list is a consultation in the s.62 log, as opening it is.
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT COUNT(*) FROM audit_log WHERE \"Action\" = 'Consultation' AND \"Reference\" = '(list)' AND \"Justification\" = 'supervisor: {list} page 1 (downloaded whole)'"));
        // Those the list is not for are refused the download too.
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        HttpAssert.Denied(await partner.GetAsync(list + "?handler=Csv"));
    }

    [Theory]
    [InlineData(-1, "OnTime")]
    [InlineData(0, "DueSoon")]   // at the warning instant: due soon, as the clock says
    [InlineData(15, "DueSoon")]  // at the due instant: not yet overdue
    [InlineData(16, "Overdue")]
    [InlineData(15 + 24 * 60, "Overdue")] // exactly a day overdue: still in the group
    [InlineData(16 + 24 * 60, "Stale")]
    public async Task ABoardsGroup_InTheDatabase_IsTheDomainsRule_AtEveryEdge(int minutesPastWarning, string group)
    {
        // A priority clock: warning at 45 minutes, due at 60. The board is read at warning + the given minutes.
        var created = SafeguardApp.DefaultNow;
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: created);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using var response = await cc.PostAsJsonAsync("/api/incidents", new { reference = "EDGE-1", createdAt = created.ToString(), grade = "priority", childrenInvolved = false });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var now = created + Duration.FromMinutes(45 + minutesPastWarning);
        app.AdvanceTime(now - created);
        Assert.Equal(group, Safeguard.Domain.Clocks.BoardGroups.Of(created + Duration.FromMinutes(60), created + Duration.FromMinutes(45), now).ToString());
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var board = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/Board"));
        Assert.Contains($"data-group=\"{group}\"", board, StringComparison.Ordinal);
        // The heading's count is the database's grouping: it agrees with the domain's only if the two rules are one.
        var heading = Safeguard.Domain.Clocks.BoardGroups.Heading(Enum.Parse<Safeguard.Domain.Clocks.BoardGroup>(group));
        Assert.Contains($">{heading} (1)</th>", board, StringComparison.Ordinal);
    }

    /// <summary>
    /// A delay acted on through the incident page: the reassessment and the call to the caller each ask when (prefilled
    /// with now, changed when it is recorded afterwards), every missing note and a bad time said at once under the form's
    /// own names, and the board row then shows the times given.
    /// </summary>
    [Fact]
    public async Task ADelayIsActedOnThroughThePage_AtTheTimesGiven_AndTheBoardShowsThem()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using (var created = await cc.PostAsJsonAsync("/api/incidents", new { reference = "DELAY-1", createdAt = (app.Now - Duration.FromMinutes(80)).ToString(), grade = "priority", childrenInvolved = true }))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var handler = await app.CreateSignedInClientAsync(Roles.CallHandler);
        var page = WebUtility.HtmlDecode(await handler.GetStringAsync("/Incidents/DELAY-1"));
        var now = app.Now.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]);
        Assert.Contains($"name=\"reassess-at.Time\" type=\"text\" inputmode=\"numeric\" value=\"{now:HH:mm}\"", page, StringComparison.Ordinal); // prefilled with now
        Assert.Contains("When was the caller told?", page, StringComparison.Ordinal);

        var tenAgo = app.Now - Duration.FromMinutes(10);
        var notes = new Dictionary<string, string> { ["Thrive.Threat"] = "t", ["Thrive.Harm"] = "h", ["Thrive.Risk"] = "r", ["Thrive.Investigation"] = "i", ["Thrive.Vulnerability"] = "v" };
        using (var refused = await SafeguardApp.PostFormAsync(handler, "/Incidents/DELAY-1", "Reassess", new(notes) { ["reassess-at.Day"] = "32" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var said = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("<a href=\"#reassess-at\">When the risk was reassessed must include a month, year and time</a>", said, StringComparison.Ordinal);
            Assert.Contains("<title>Error: Incident DELAY-1", said, StringComparison.Ordinal); // the layout's, for every refused form
            Assert.Contains("<a href=\"#reassess-thrive-engagement\">Enter a note on engagement</a>", said, StringComparison.Ordinal);
            Assert.Contains("id=\"reassess-thrive-engagement\"", said, StringComparison.Ordinal); // the summary's link lands on the field
            Assert.Contains(">t</textarea>", said, StringComparison.Ordinal); // nothing typed lost
            Assert.Contains($"name=\"caller-at.Time\" type=\"text\" inputmode=\"numeric\" value=\"{now:HH:mm}\"", said, StringComparison.Ordinal); // the other form still offers now
        }
        using (var reassessed = await SafeguardApp.PostFormAsync(handler, "/Incidents/DELAY-1", "Reassess",
            new(notes.Concat(SafeguardApp.WhenFields("reassess-at", tenAgo))) { ["Thrive.Engagement"] = "e" }))
            Assert.Equal(HttpStatusCode.Redirect, reassessed.StatusCode);
        using (var told = await SafeguardApp.PostFormAsync(handler, "/Incidents/DELAY-1", "Caller",
            new(SafeguardApp.WhenFields("caller-at", app.Now - Duration.FromMinutes(5))) { ["CallerNote"] = "Told an officer is on the way" }))
            Assert.Equal(HttpStatusCode.Redirect, told.StatusCode);

        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var board = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/Board"));
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        Assert.Contains($"Reassessed {tenAgo.InZone(zone):HH:mm}", board, StringComparison.Ordinal);
        Assert.Contains($"Caller told {(app.Now - Duration.FromMinutes(5)).InZone(zone):HH:mm}", board, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-group=\"(?<group>[A-Za-z]+)\"|data-reference=\"(?<reference>[A-Z0-9-]+)\"")]
    private static partial Regex Row();
}
