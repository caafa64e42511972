using System.Net;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// The force's list of notices: found by part of a reference (capitals or not), type, where each stands (from the
/// ledger's open clocks) and the day submitted, in four orders (newest, oldest, soonest due, reference), with the true total, and all of it as CSV.
/// </summary>
public class ListingNoticesTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task AnInspector_FindsNoticesByReferenceTypeAndStage_AndDownloadsThemAll(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        async Task SubmitAsync(string reference, string child, string type, int hoursAgo) =>
            await HttpAssert.SendAsync(officer, HttpMethod.Post, "/api/notices", new
            {
                reference,
                childReference = child,
                type,
                officerRisk = "medium",
                occurredAt = (T - Duration.FromHours(hoursAgo + 1)).ToString(),
                submittedAt = (T - Duration.FromHours(hoursAgo)).ToString(),
                narrative = "Synthetic",
            }, HttpStatusCode.Created);
        await SubmitAsync("PPN-L-1", "C-L-1", "domestic_abuse", 50);
        await SubmitAsync("PPN-L-2", "C-L-2", "online_abuse", 30);
        await SubmitAsync("PPN-L-3", "C-L-1", "domestic_abuse", 2);
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        await HttpAssert.SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-L-2/review",
            new { rag = "green", rationale = "Synthetic", decision = "no_further_action", shareWith = Array.Empty<string>(), riskChangeReason = "Synthetic" }, HttpStatusCode.OK);

        using var inspector = await app.CreateSignedInClientAsync(Roles.Inspector);
        var all = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices"));
        Assert.Contains("3 notices, newest first.", all, StringComparison.Ordinal);
        Assert.True(all.IndexOf(">PPN-L-3<", StringComparison.Ordinal) < all.IndexOf(">PPN-L-1<", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("Submit a public protection notice", all, StringComparison.Ordinal); // an inspector may not submit one

        var oldest = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?order=oldest"));
        Assert.True(oldest.IndexOf(">PPN-L-1<", StringComparison.Ordinal) < oldest.IndexOf(">PPN-L-3<", StringComparison.Ordinal), "oldest first");
        // Soonest due first: the longest-overdue review at the top, the notice owing nothing (reviewed, no school) at the foot.
        var due = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?order=due"));
        Assert.Contains("3 notices, soonest due first (overdue at the top).", due, StringComparison.Ordinal);
        var positions = new[] { "PPN-L-1", "PPN-L-3", "PPN-L-2" }.Select(r => due.IndexOf($">{r}<", StringComparison.Ordinal)).ToList();
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], "soonest due first, nothing owed last");
        using var badOrder = await inspector.GetAsync("/Notices?order=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, badOrder.StatusCode);
        Assert.Contains("Select an order from the list", await badOrder.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var byChild = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?reference=c-l-1"));
        Assert.Contains("2 notices", byChild, StringComparison.Ordinal);
        var byType = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?type=online_abuse"));
        Assert.Contains("1 notice,", byType, StringComparison.Ordinal);
        Assert.Contains(">PPN-L-2<", byType, StringComparison.Ordinal);
        var awaiting = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?stage=review"));
        Assert.Contains("2 notices", awaiting, StringComparison.Ordinal);
        Assert.DoesNotContain(">PPN-L-2<", awaiting, StringComparison.Ordinal);
        Assert.Contains("MASH review: <strong class=\"govuk-tag govuk-tag--red sg-state\">Overdue</strong>", awaiting, StringComparison.Ordinal);
        var done = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?stage=done"));
        Assert.Contains(">PPN-L-2<", done, StringComparison.Ordinal); // reviewed, nothing to share, no school to tell
        Assert.Contains("1 notice,", done, StringComparison.Ordinal);
        // A domestic-abuse notice still owes the school (Operation Encompass), reviewed or not.
        Assert.Contains("2 notices", WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?stage=school")), StringComparison.Ordinal);
        var lastDay = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?from.Day=1&from.Month=2&from.Year=2024&to.Day=1&to.Month=2&to.Year=2024"));
        Assert.Contains("1 notice,", lastDay, StringComparison.Ordinal);
        Assert.Contains(">PPN-L-3<", lastDay, StringComparison.Ordinal);

        using var badDates = await inspector.GetAsync("/Notices?from.Day=2&from.Month=2&from.Year=2024&to.Day=1&to.Month=2&to.Year=2024");
        Assert.Equal(HttpStatusCode.BadRequest, badDates.StatusCode);
        var badPage = await badDates.Content.ReadAsStringAsync();
        Assert.Contains("The last day must be the same as or after the first day", badPage, StringComparison.Ordinal);
        Assert.Contains("<title>Error: Public protection notices", badPage, StringComparison.Ordinal);

        var csv = await inspector.GetStringAsync("/Notices?handler=Csv&type=domestic_abuse");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reference,child_reference,type,officer_risk,submitted_at,reviewed_at,rag,owed", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("PPN-L-3,C-L-1,domestic_abuse,medium,", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic", csv, StringComparison.Ordinal); // no narrative in a list

        // A partner has their own list: what was shared with them, never the force's, found by reference and by whether acknowledged.
        await HttpAssert.SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-L-1/review",
            new { rag = "red", rationale = "Synthetic", decision = "strategy_discussion", shareWith = new[] { "TEST" }, riskChangeReason = "Synthetic" }, HttpStatusCode.OK);
        await HttpAssert.SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-L-1/share", new { agency = "TEST", what = "Synthetic summary" }, HttpStatusCode.OK);
        // The force's list finds the notices shared with an agency.
        var sharedWithTest = WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices?agency=test"));
        Assert.Contains("1 notice,", sharedWithTest, StringComparison.Ordinal);
        Assert.Contains(">PPN-L-1<", sharedWithTest, StringComparison.Ordinal);
        Assert.Contains("<option value=\"TEST\">Test agency</option>", WebUtility.HtmlDecode(await inspector.GetStringAsync("/Notices")), StringComparison.Ordinal);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency, agency: "TEST");
        var partnerCsv = (await (await partner.GetAsync("/Notices?handler=Csv")).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reference,type,shared_at,acknowledged_at", partnerCsv[0].TrimEnd('\r'));
        Assert.Single(partnerCsv, l => l.StartsWith("PPN-L-1,domestic_abuse,", StringComparison.Ordinal));
        Assert.DoesNotContain(partnerCsv, l => l.StartsWith("PPN-L-2", StringComparison.Ordinal) || l.StartsWith("PPN-L-3", StringComparison.Ordinal));
        Assert.Contains("1 notice(s) the force has shared with your agency not yet acknowledged", await partner.GetStringAsync("/Notices?unacknowledged=true&reference=l-1"), StringComparison.Ordinal);
        Assert.Contains("0 notice(s)", await partner.GetStringAsync("/Notices?reference=L-2"), StringComparison.Ordinal);
    }
}
