using System.Net;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>The notice pages' forms, posted as a browser without JavaScript would.</summary>
public class WorkingNoticesThroughPagesTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    [Fact]
    public async Task ASupervisorWhoMayReadNotices_IsTakenToTheOneSubmitted()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var submitted = await SafeguardApp.PostFormAsync(supervisor, "/Notices/New", "", new()
        {
            ["ChildReference"] = "C-S",
            ["Type"] = "child_concern",
            ["OfficerRisk"] = "medium",
            ["Narrative"] = "Synthetic",
            ["occurredAt.Day"] = "1",
            ["occurredAt.Month"] = "2",
            ["occurredAt.Year"] = "2024",
            ["occurredAt.Time"] = "09:00",
        });
        Assert.Matches("^/Notices/PPN-20240201-[0-9A-F]{6}\\?saved=submitted$", submitted.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(submitted.Headers.Location!.ToString())).StatusCode);
    }

    [Fact]
    public async Task OfficerSubmits_MashReviewsAndShares_PartnerAcknowledges_AllByForms()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);

        var missing = await SafeguardApp.PostFormAsync(officer, "/Notices/New?childReference=C-P", "", new() { ["ChildReference"] = "C-P", ["Type"] = "domestic_abuse" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#officerRisk\"", problem, StringComparison.Ordinal);
        Assert.Contains("href=\"#narrative\"", problem, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#officerRisk\">Select your assessment of risk</a>", problem, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#occurredAt\">Enter when the concern arose</a>", problem, StringComparison.Ordinal);
        Assert.Contains("value=\"C-P\"", problem, StringComparison.Ordinal); // what was typed stays

        var submitted = await SafeguardApp.PostFormAsync(officer, "/Notices/New", "", new()
        {
            ["ChildReference"] = "C-P",
            ["Type"] = "domestic_abuse",
            ["OfficerRisk"] = "high",
            ["occurredAt.Day"] = "1",
            ["occurredAt.Month"] = "2",
            ["occurredAt.Year"] = "2024",
            ["occurredAt.Time"] = "10:30",
            ["Narrative"] = "Neighbours heard shouting (synthetic)",
            ["VoiceOfChild"] = "Said she hid upstairs (synthetic)",
        });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var location = submitted.Headers.Location!.ToString();
        // A response officer may submit notices but not read them: told here that it is in, never sent to a page refused.
        Assert.Matches("^/Notices/New\\?submitted=PPN-20240201-[0-9A-F]{6}$", location);
        var reference = location["/Notices/New?submitted=".Length..];
        Assert.Contains($"Notice {reference} is submitted.", await officer.GetStringAsync(location), StringComparison.Ordinal);

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var url = $"/Notices/{reference}";
        var page = await mash.GetStringAsync(url);
        Assert.Contains("Said she hid upstairs (synthetic)", page, StringComparison.Ordinal);
        Assert.Contains("Record the review", page, StringComparison.Ordinal);

        // Nothing chosen: every field said at once, in plain words.
        var empty = await SafeguardApp.PostFormAsync(mash, url, "Review", new());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        foreach (var said in new[] { "<a href=\"#rag\">Select the RAG rating</a>", "<a href=\"#rationale\">Enter the reason for the rating</a>", "<a href=\"#decision\">Select a decision</a>" })
            Assert.Contains(said, emptyPage, StringComparison.Ordinal);
        // The rationale's own field is marked and says it too, not only the summary.
        Assert.Matches("govuk-form-group--error\">\\s*<label class=\"govuk-label govuk-label--s\" for=\"rationale\">Rationale</label>\\s*<p class=\"govuk-error-message\">", emptyPage);

        // Amber against the officer's high with no reason and no agencies: refused, nothing recorded.
        var bad = await SafeguardApp.PostFormAsync(mash, url, "Review", new() { ["Rag"] = "amber", ["Rationale"] = "Synthetic", ["Decision"] = "early_help" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("The RAG departs from the officer&#x27;s risk: give the reason.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(await mash.GetStringAsync($"/api/notices/{reference}")).RootElement.GetProperty("reviewedAt").ValueKind);

        var reviewed = await SafeguardApp.PostFormAsync(mash, url, "Review", new()
        {
            ["Rag"] = "red",
            ["Rationale"] = "Child present at a high-risk incident (synthetic)",
            ["Decision"] = "strategy_discussion",
        }, ("ShareWith", "CSC"), ("ShareWith", "HEALTH"));
        Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        page = await mash.GetStringAsync(url);
        Assert.Contains("Still to share with, as the review decided: Children&#x27;s social care, Health", page, StringComparison.Ordinal);

        var shared = await SafeguardApp.PostFormAsync(mash, url, "Share", new()
        {
            ["Agency"] = "CSC",
            ["What"] = "The notice and the MASH review (synthetic)",
            ["LawfulBasis"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);
        page = await mash.GetStringAsync(url);
        Assert.Contains("Still to share with, as the review decided: Health", page, StringComparison.Ordinal);
        // Shared with one of the two agencies decided: the sharing clock runs on until both have had it.
        string Sharing(JsonElement n) => n.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "partner-sharing").GetProperty("state").GetString()!;
        Assert.Equal("running", Sharing(JsonDocument.Parse(await mash.GetStringAsync($"/api/notices/{reference}")).RootElement));
        string Owed(string queuePage) => queuePage[queuePage.IndexOf("id=\"owed\"", StringComparison.Ordinal)..];
        var owed = Owed(await mash.GetStringAsync("/Mash"));
        Assert.Contains("Sharing with partners", owed, StringComparison.Ordinal);
        Assert.Contains("School told (Operation Encompass)", owed, StringComparison.Ordinal);
        Assert.Contains(reference, owed, StringComparison.Ordinal);
        Assert.Contains("Sch. 8 para 4", page, StringComparison.Ordinal);
        Assert.Contains("Record that the school was told", page, StringComparison.Ordinal); // domestic abuse, age not recorded

        using var csc = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Children's social care");
        var partnerPage = await csc.GetStringAsync(url);
        Assert.DoesNotContain("Said she hid upstairs", partnerPage, StringComparison.Ordinal); // the officer's account is the force's
        Assert.DoesNotContain("Record the review", partnerPage, StringComparison.Ordinal);
        // A partner is shown only the part of the service they may use.
        var menu = partnerPage[partnerPage.IndexOf("id=\"navigation\"", StringComparison.Ordinal)..partnerPage.IndexOf("</nav>", StringComparison.Ordinal)];
        Assert.Contains("href=\"/Notices\"", menu, StringComparison.Ordinal);
        foreach (var hidden in new[] { "/Board", "/Mash", "/Missing", "/Children", "/Performance" })
            Assert.DoesNotContain($"href=\"{hidden}\"", menu, StringComparison.Ordinal);
        Assert.Contains("href=\"/Children\"", page, StringComparison.Ordinal); // the MASH practitioner's menu has it
        Assert.Contains(reference, await csc.GetStringAsync("/Notices"), StringComparison.Ordinal);
        var ack = await SafeguardApp.PostFormAsync(csc, url, "Acknowledge", []);
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
        Assert.Contains("Your agency&#x27;s acknowledgement is recorded.", await csc.GetStringAsync(ack.Headers.Location!.ToString()), StringComparison.Ordinal);

        // Health was named but not yet shared with: a Health user cannot open the notice at all.
        using var health = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Health");
        Assert.Equal(HttpStatusCode.NotFound, (await health.GetAsync(url)).StatusCode);
        Assert.DoesNotContain(reference, await health.GetStringAsync("/Notices"), StringComparison.Ordinal);

        app.AdvanceTime(Duration.FromHours(2));
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(mash, url, "Share", new() { ["Agency"] = "Health", ["What"] = "The notice (synthetic)" })).StatusCode);
        var complete = JsonDocument.Parse(await mash.GetStringAsync($"/api/notices/{reference}")).RootElement;
        Assert.Equal("met", Sharing(complete));
        Assert.Equal(app.Now.ToString(), complete.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "partner-sharing").GetProperty("stoppedAt").GetString());
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync(url)).StatusCode);
        owed = Owed(await mash.GetStringAsync("/Mash"));
        Assert.DoesNotContain("Sharing with partners", owed, StringComparison.Ordinal);
        Assert.Contains("School told (Operation Encompass)", owed, StringComparison.Ordinal);
    }
}
