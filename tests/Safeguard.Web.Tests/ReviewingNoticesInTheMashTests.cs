using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ReviewingNoticesInTheMashTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private static Task<JsonElement> SendAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        HttpAssert.SendAsync(client, HttpMethod.Post, url, body, expected);

    private static string State(JsonElement notice, string kind) =>
        notice.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind).GetProperty("state").GetString()!;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Notice_IsSubmittedQueuedReviewedAndShared_AndTheOldestUnreviewedLeadsTheQueue(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        // The inspection's case: submitted five days late and unreviewed five days on.
        await SendAsync(officer, "/api/notices", new
        {
            reference = "PPN-OLD",
            childReference = "C-1",
            type = "child_concern",
            officerRisk = "medium",
            occurredAt = (T - Duration.FromDays(10)).ToString(),
            submittedAt = (T - Duration.FromDays(5)).ToString(),
            narrative = "Boy reported assault by mother (synthetic)",
        }, HttpStatusCode.Created);
        var fresh = await SendAsync(officer, "/api/notices", new
        {
            reference = "PPN-NEW",
            childReference = "C-2",
            type = "domestic_abuse",
            officerRisk = "high",
            occurredAt = (T - Duration.FromHours(2)).ToString(),
            narrative = "Shouting heard (synthetic)",
            voiceOfChild = "Said he was scared (synthetic)",
        }, HttpStatusCode.Created);
        Assert.Equal("met", State(fresh, "ppn-submission"));
        Assert.Equal((T + Duration.FromHours(4)).ToString(), fresh.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "mash-review").GetProperty("due").GetString());

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var queue = await mash.GetStringAsync("/Mash");
        Assert.True(queue.IndexOf("PPN-OLD", StringComparison.Ordinal) < queue.IndexOf("PPN-NEW", StringComparison.Ordinal), "the overdue notice leads");
        Assert.Contains("Overdue", queue, StringComparison.Ordinal);
        Assert.Contains("2 notice(s) waiting", queue, StringComparison.Ordinal);

        var noReason = await SendAsync(mash, "/api/notices/PPN-NEW/review",
            new { rag = "amber", rationale = "Father left the address", decision = "early_help", shareWith = new[] { "Education" } }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("reason", noReason.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await SendAsync(mash, "/api/notices/PPN-NEW/review",
            new { rag = "red", rationale = "Repeat incidents", decision = "strategy_discussion", shareWith = Array.Empty<string>() }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(mash, "/api/notices/PPN-NEW/review", new { rag = "purple", rationale = "x", decision = "shrug" }, HttpStatusCode.BadRequest);
        var reviewed = await SendAsync(mash, "/api/notices/PPN-NEW/review",
            new { rag = "amber", rationale = "Father left the address", decision = "early_help", shareWith = new[] { "Education" }, riskChangeReason = "Perpetrator no longer at home" });
        Assert.Equal("met", State(reviewed, "mash-review"));
        Assert.Equal("running", State(reviewed, "partner-sharing"));
        await SendAsync(mash, "/api/notices/PPN-NEW/review",
            new { rag = "red", rationale = "again", decision = "early_help", shareWith = new[] { "Education" } }, HttpStatusCode.Conflict);

        var shared = await SendAsync(mash, "/api/notices/PPN-NEW/share", new { agency = "Education", what = "Operation Encompass summary (synthetic)" });
        Assert.Equal("met", State(shared, "partner-sharing"));
        Assert.Contains("Sch. 8 para 4", shared.GetProperty("shares")[0].GetProperty("lawfulBasis").GetString(), StringComparison.Ordinal);
        await SendAsync(mash, "/api/notices/PPN-NEW/share", new { agency = "Education", what = "again" }, HttpStatusCode.Conflict);
        await SendAsync(mash, "/api/notices/PPN-OLD/share", new { agency = "Education", what = "x" }, HttpStatusCode.Conflict);

        using var school = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Education");
        Assert.Equal(HttpStatusCode.OK, (await school.GetAsync("/api/notices/PPN-NEW")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await school.GetAsync("/api/notices/PPN-OLD")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await school.PostAsJsonAsync("/api/notices", new { reference = "X" })).StatusCode);
        var queuePage = await school.GetAsync("/Mash");
        Assert.Equal(HttpStatusCode.Redirect, queuePage.StatusCode);
        Assert.StartsWith("/Account/Denied", queuePage.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        var after = await mash.GetStringAsync("/Mash");
        Assert.Contains("1 notice(s) waiting", after, StringComparison.Ordinal);
        var waiting = after[after.IndexOf("id=\"board-rows\"", StringComparison.Ordinal)..after.IndexOf("</tbody>", StringComparison.Ordinal)];
        Assert.DoesNotContain("PPN-NEW", waiting, StringComparison.Ordinal); // reviewed: it has left the queue (its school is still owed, below)
    }

    [Fact]
    public async Task ChildInvolvedIncidents_WithNoNoticeAfter24Hours_AreListed()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var incidents = "reference,created_at,grade,children_involved\n"
            + $"LISTED,{T - Duration.FromHours(30)},priority,yes\n"           // 30 h, no notice
            + $"HAS-NOTICE,{T - Duration.FromHours(30)},priority,yes\n"       // a notice names it
            + $"TOO-RECENT,{T - Duration.FromHours(23)},priority,yes\n"       // the 24 h have not passed
            + $"NO-CHILD,{T - Duration.FromHours(30)},priority,no\n";
        Assert.Equal(0, (await app.ImportIncidentsAsync(incidents)).ExitCode);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, "/api/notices", new
        {
            reference = "PPN-1",
            childReference = "C-1",
            incidentReference = "HAS-NOTICE",
            type = "child_concern",
            officerRisk = "standard",
            occurredAt = (T - Duration.FromHours(30)).ToString(),
            narrative = "synthetic",
        }, HttpStatusCode.Created);

        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var page = await supervisor.GetStringAsync("/Mash/ChildToNotice");
        // Every child-involved incident still owing a notice, the most overdue first; the one a notice names is done.
        Assert.Contains("2 incident(s)", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf(">LISTED<", StringComparison.Ordinal) < page.IndexOf(">TOO-RECENT<", StringComparison.Ordinal));
        foreach (var absent in new[] { "HAS-NOTICE", "NO-CHILD" })
            Assert.DoesNotContain(absent, page, StringComparison.Ordinal);
        Assert.Contains("overdue by 6 h", page, StringComparison.Ordinal);
        Assert.Contains("1 h left", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThirdNoticeSubmittedIn90Days_FlagsAnEscalatingConcern()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        Task SubmitAsync(string reference, int daysAgo) => SendAsync(officer, "/api/notices", new
        {
            reference,
            childReference = "C-7",
            type = "child_concern",
            officerRisk = "standard",
            occurredAt = (T - Duration.FromDays(daysAgo) - Duration.FromHours(1)).ToString(),
            submittedAt = (T - Duration.FromDays(daysAgo)).ToString(),
            narrative = "synthetic",
        }, HttpStatusCode.Created);
        await SubmitAsync("E-1", 60);
        await SubmitAsync("E-2", 20);
        Assert.Null(await app.EscalatingConcernSinceAsync("C-7"));
        await SubmitAsync("E-3", 0);
        Assert.Equal(T, await app.EscalatingConcernSinceAsync("C-7"));
    }
}
