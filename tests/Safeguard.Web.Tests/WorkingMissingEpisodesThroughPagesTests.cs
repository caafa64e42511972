using System.Net;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// A missing episode worked end to end through its pages, posted as a browser without JavaScript would: reported with
/// the information behind the risk, attended, reviewed with a change of risk and its reason, an action, found, the
/// interviews, an exploitation indicator; every field checked at once in plain English, nothing typed lost.
/// </summary>
public class WorkingMissingEpisodesThroughPagesTests
{
    private static Dictionary<string, string> At(string field, string day, string month, string year, string time) => new()
    {
        [field + ".Day"] = day,
        [field + ".Month"] = month,
        [field + ".Year"] = year,
        [field + ".Time"] = time,
    };

    private static Dictionary<string, string> With(params Dictionary<string, string>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task AnOfficerReports_TheCoordinatorWorksTheEpisode_ToTheReturnInterview()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);

        // Everything wrong at once, in plain English, and what was typed is still there.
        var bad = await SafeguardApp.PostFormAsync(officer, "/Missing/New", "", With(
            new() { ["ChildReference"] = "", ["District"] = "Northtown", ["Information[0].Item"] = "Left after an argument (synthetic)" },
            At("reportedAt", "31", "2", "2024", "10:00")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("<title>Error: Report a child missing", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#childReference\">Enter the child's reference</a>", page.Replace('’', '\''), StringComparison.Ordinal);
        Assert.Contains("<a href=\"#reportedAt\">The time the child was reported missing must be a real date, with a four-figure year</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#risk\">Select the risk to the child</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#information[0]-source\">Enter where information 1 came from</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#information[0]-obtainedAt\">Enter when information 1 was obtained</a>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"information[0]-obtainedAt\"", page, StringComparison.Ordinal); // the link lands on the day's input
        Assert.Contains("Left after an argument (synthetic)</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Northtown\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"31\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("ISO 8601", page, StringComparison.Ordinal);

        var reported = await SafeguardApp.PostFormAsync(officer, "/Missing/New", "", With(
            new()
            {
                ["ChildReference"] = "c-miss-1",
                ["Risk"] = "medium",
                ["District"] = "Northtown",
                ["Information[0].Item"] = "Left after an argument (synthetic)",
                ["Information[0].Source"] = "Mother",
            },
            At("reportedAt", "1", "2", "2024", "10:00"), At("information[0].obtainedAt", "1", "2", "2024", "9:45")));
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);
        var location = reported.Headers.Location!.ToString();
        Assert.Matches("^/Missing/MISS-20240201-[0-9A-F]{6}\\?saved=reported$", location);
        var url = location[..location.IndexOf('?', StringComparison.Ordinal)];

        using var coordinator = await app.CreateSignedInClientAsync(Roles.MissingCoordinator);
        page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(url));
        Assert.Contains("Left after an argument (synthetic)</span> <span class=\"govuk-hint govuk-!-display-inline\">— from Mother, obtained 1 Feb 2024 09:45", page, StringComparison.Ordinal);
        Assert.Contains("Missing report attendance", page, StringComparison.Ordinal); // clocks in words, never missing-attendance
        Assert.Contains("C-MISS-1", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Attended", At("attended-at", "1", "2", "2024", "10:40"))).StatusCode);

        // A change of risk needs its reason: refused in the page's words, nothing recorded.
        var noReason = await SafeguardApp.PostFormAsync(coordinator, url, "Review", With(new() { ["review-risk"] = "high" }, At("review-at", "1", "2", "2024", "11:00")));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        page = WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#review-reason\">Give the reason the risk changed from medium</a>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"review-reason\"", page, StringComparison.Ordinal);
        Assert.Equal("medium", await CurrentRiskAsync(coordinator, url));
        // Shown again with its errors, the episode was consulted: that is in the s.62 log too.
        var episodeReference = url["/Missing/".Length..];
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT COUNT(*) FROM audit_log WHERE \"Action\" = 'Consultation' AND \"Reference\" = '{episodeReference}' AND \"Justification\" = 'missing-coordinator: /Missing/Episode POST Review'"));

        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Review", With(
            new()
            {
                ["review-risk"] = "high",
                ["review-reason"] = "Seen with older men in a car (synthetic)",
                ["review-information[0].Item"] = "Sighting in a car park (synthetic)",
                ["review-information[0].Source"] = "CCTV operator",
            },
            At("review-at", "1", "2", "2024", "11:00"), At("review-information[0].obtainedAt", "1", "2", "2024", "10:55")))).StatusCode);
        Assert.Equal("high", await CurrentRiskAsync(coordinator, url));

        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Action", With(
            new() { ["action-kind"] = "school-contacted", ["action-note"] = "Head of year told (synthetic)" }, At("action-at", "1", "2", "2024", "11:10")))).StatusCode);
        var notFound = await SafeguardApp.PostFormAsync(coordinator, url, "Found", At("found-at", "1", "2", "2024", "11:30"));
        Assert.Equal(HttpStatusCode.BadRequest, notFound.StatusCode);
        page = WebUtility.HtmlDecode(await notFound.Content.ReadAsStringAsync());
        Assert.Contains("Enter where the child was found", page, StringComparison.Ordinal);
        Assert.Contains("Enter who found the child", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Found", With(
            new() { ["found-where"] = "Bus station (synthetic)", ["found-foundBy"] = "Patrol officer" }, At("found-at", "1", "2", "2024", "11:30")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Interview", With(
            new() { ["interview-kind"] = "prevention-interview" }, At("interview-at", "1", "2", "2024", "11:50")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, url, "Indicator", With(
            new() { ["indicator-indicator"] = "New phone unexplained (synthetic)" }, At("indicator-at", "1", "2", "2024", "11:55")))).StatusCode);

        page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(url));
        Assert.Contains("Found 1 Feb 2024 11:30", page, StringComparison.Ordinal);
        Assert.Contains("Found at Bus station (synthetic), by Patrol officer", page, StringComparison.Ordinal);
        Assert.Contains("Sighting in a car park (synthetic)</span> <span class=\"govuk-hint govuk-!-display-inline\">— from CCTV operator", page, StringComparison.Ordinal);
        Assert.Contains("Seen with older men in a car (synthetic)", page, StringComparison.Ordinal);
        foreach (var said in new[] { "Officer attended the report", "Risk reviewed: high", "School contacted", "Prevention interview held", "Exploitation indicator recorded" })
            Assert.Contains(said, page, StringComparison.Ordinal);
        // Found, the forms for a missing child give way to the interviews.
        Assert.DoesNotContain("id=\"found\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"interview\"", page, StringComparison.Ordinal);

        // Someone who may read but not record sees no form, and is refused if they post one.
        using var inspector = await app.CreateSignedInClientAsync(Roles.Inspector);
        page = await inspector.GetStringAsync(url);
        Assert.DoesNotContain("Record what happened", page, StringComparison.Ordinal);
        HttpAssert.Denied(await SafeguardApp.PostFormAsync(inspector, url, "Indicator", With(
            new() { ["indicator-indicator"] = "Synthetic" }, At("indicator-at", "1", "2", "2024", "11:58"))));
        using var after = JsonDocument.Parse(await coordinator.GetStringAsync("/api" + url));
        Assert.Equal(1, after.RootElement.GetProperty("exploitationIndicators").GetInt32());
    }

    [Fact]
    public async Task OnTheNightTheClocksGoBack_ATimeThatHappensTwice_IsAsked_AndOneThatNeverHappened_IsRefused()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var coordinator = await app.CreateSignedInClientAsync(Roles.MissingCoordinator);
        var fields = With(new() { ["ChildReference"] = "C-NIGHT", ["Risk"] = "high", ["Reference"] = "M-NIGHT" }, At("reportedAt", "29", "10", "2023", "01:30"));
        var asked = await SafeguardApp.PostFormAsync(coordinator, "/Missing/New", "", fields);
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var page = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("01:30 on 29 October 2023 happened twice, because the clocks went back an hour: select the first or the second", page, StringComparison.Ordinal);
        Assert.Contains("The first time (BST, before the clocks went back)", page, StringComparison.Ordinal);
        Assert.Contains("The second time (GMT, after the clocks went back)", page, StringComparison.Ordinal);

        fields["reportedAt.Occurrence"] = "later";
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(coordinator, "/Missing/New", "", fields)).StatusCode);
        using var episode = JsonDocument.Parse(await coordinator.GetStringAsync("/api/missing/M-NIGHT"));
        Assert.Equal(Instant.FromUtc(2023, 10, 29, 1, 30), episode.RootElement.GetProperty("reportedAt").GetString() is { } s ? NodaTime.Text.InstantPattern.ExtendedIso.Parse(s).Value : default);

        // In spring, 01:30 never happened.
        var gap = await SafeguardApp.PostFormAsync(coordinator, "/Missing/M-NIGHT", "Indicator", With(
            new() { ["indicator-indicator"] = "Synthetic" }, At("indicator-at", "31", "3", "2024", "01:30")));
        Assert.Equal(HttpStatusCode.BadRequest, gap.StatusCode);
        Assert.Contains("There was no 01:30 on 31 March 2024: the clocks went forward an hour that night", WebUtility.HtmlDecode(await gap.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 30, "earlier")] // 01:30 BST
    [InlineData(1, 30, "later")]   // 01:30 GMT, an hour later
    [InlineData(3, 0, null)]       // 03:00 GMT: happens once
    public void AFormStartedInTheHourThatHappensTwice_SaysWhichItIs_AndReadsBackTheSameInstant(int utcHour, int minute, string? occurrence)
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        var instant = Instant.FromUtc(2023, 10, 29, utcHour, minute);
        var when = Safeguard.Web.Pages.When.Of(instant, zone);
        Assert.Equal(occurrence, when.Occurrence);
        var errors = new Dictionary<string, string[]>();
        Assert.Equal(instant, NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(when.Read("at", "the time", zone, errors)!).Value.ToInstant());
        Assert.Empty(errors);
    }

    private static async Task<string> CurrentRiskAsync(HttpClient client, string url)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api" + url));
        return json.RootElement.GetProperty("currentRisk").GetString()!;
    }
}
