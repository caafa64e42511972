using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>
/// Agencies are a list the administrators keep. A review, a share or a file names one from it (by code or listed name);
/// a variant of a name finds the same agency, a lookalike or an unknown name is refused and nothing is created, and a
/// share the review did not decide on needs its reason.
/// </summary>
public class KeepingTheAgencyListTests
{
    private static async Task<HttpClient> ReviewedNoticeAsync(SafeguardApp app, string reference, params string[] shareWith)
    {
        var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        await SendAsync(mash, HttpMethod.Post, "/api/notices", new
        {
            reference,
            childReference = "C-" + reference,
            type = "child_concern",
            officerRisk = "medium",
            occurredAt = app.Now.ToString(),
            narrative = "Synthetic narrative",
        }, HttpStatusCode.Created);
        await SendAsync(mash, HttpMethod.Post, $"/api/notices/{reference}/review",
            new { rag = shareWith.Length == 0 ? "green" : "amber", rationale = "Synthetic", decision = "early_help", shareWith, riskChangeReason = "Synthetic" }, HttpStatusCode.OK);
        return mash;
    }

    private static Task<long> CountAgenciesAsync(SafeguardApp app) => app.ScalarAsync("SELECT COUNT(*) FROM agencies");

    [Fact]
    public async Task AVariantOfAName_FindsTheListedAgency_ALookalikeOrAnUnknownOneIsRefused_AndNothingIsCreated()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var listed = await CountAgenciesAsync(app);
        using var mash = await ReviewedNoticeAsync(app, "PPN-AG-1", "csc");
        foreach (var lookalike in new[] { "Agеncy A", "Children’s social care", "Helth", "CSC\u200B" })
        {
            var refused = await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-1/share", new { agency = lookalike, what = "The notice (synthetic)" }, HttpStatusCode.BadRequest);
            Assert.Contains("not an agency Safeguard knows", refused.GetProperty("errors").GetProperty("agency")[0].GetString(), StringComparison.Ordinal);
        }
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-1/review", new { rag = "amber", rationale = "x", decision = "early_help", shareWith = new[] { "Nobody" } },
            HttpStatusCode.BadRequest);
        Assert.Equal(listed, await CountAgenciesAsync(app));

        // "children's SOCIAL  care " is the listed agency: the share reaches its partners, and the clock is met.
        var shared = await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-1/share", new { agency = " children's SOCIAL  care ", what = "The notice (synthetic)" }, HttpStatusCode.OK);
        Assert.Equal("Children's social care", shared.GetProperty("shares")[0].GetProperty("agency").GetString());
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "CSC");
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/api/notices/PPN-AG-1")).StatusCode);
        Assert.Equal(listed, await CountAgenciesAsync(app));
    }

    [Fact]
    public async Task AShareTheReviewDidNotDecideOn_IsRefused_UnlessItsReasonIsRecorded()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var mash = await ReviewedNoticeAsync(app, "PPN-AG-2"); // green: the review shares with no one
        var refused = await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-2/share", new { agency = "HEALTH", what = "The notice (synthetic)" }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("did not decide to share with this agency", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notice = await mash.GetStringAsync("/api/notices/PPN-AG-2");
        Assert.Equal(0, JsonDocument.Parse(notice).RootElement.GetProperty("shares").GetArrayLength());

        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-2/share",
            new { agency = "HEALTH", what = "The notice (synthetic)", reason = "The health visitor asked at the strategy meeting (synthetic)" }, HttpStatusCode.OK);
        var history = await mash.GetStringAsync("/Notices/PPN-AG-2");
        Assert.Contains("Shared with Health, which the review did not name", history, StringComparison.Ordinal);
        Assert.Contains("The health visitor asked at the strategy meeting (synthetic)", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAgencyInAFile_IsAnInvalidRow_AndTheFileChangesNothing()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var listed = await CountAgenciesAsync(app);
        var file = app.WriteFile("reference,child_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with\n"
            + "F-1,C-1,child_concern,medium,2024-01-10T10:00:00Z,2024-01-10T12:00:00Z,2024-01-10T13:00:00Z,amber,2024-01-10T15:00:00Z,health\n"
            + "F-2,C-2,child_concern,medium,2024-01-10T10:00:00Z,2024-01-10T12:00:00Z,2024-01-10T13:00:00Z,amber,2024-01-10T15:00:00Z,Health;Agеncy A\n");
        var refused = await app.RunCliAsync("import", "notices", file);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 3: shared_with names an agency that is not in the list", refused.Out + refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync("SELECT COUNT(*) FROM notices"));
        Assert.Equal(listed, await CountAgenciesAsync(app));
    }

    [Fact]
    public async Task TheAdministratorKeepsTheList_FromTheCommandLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(0, (await app.RunCliAsync("agencies", "add", "--code", "yot", "--name", "Youth offending team")).ExitCode);
        var taken = await app.RunCliAsync("agencies", "add", "--code", "YOT2", "--name", "youth  OFFENDING team");
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already in the list", taken.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("agencies", "add", "--code", "Y O T", "--name", "Spaced")).ExitCode);
        Assert.Contains("YOT\tYouth offending team\tactive", (await app.RunCliAsync("agencies", "list")).Out, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("users", "add", "--email", "p@partner.invalid", "--role", Roles.PartnerAgency, "--agency", "Nobody")).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("users", "add", "--email", "p@partner.invalid", "--role", Roles.PartnerAgency, "--agency", "YOT")).ExitCode);

        Assert.Equal(0, (await app.RunCliAsync("agencies", "retire", "YOT")).ExitCode);
        using var mash = await ReviewedNoticeAsync(app, "PPN-AG-3", "CSC");
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-AG-3/share", new { agency = "YOT", what = "x", reason = "asked" }, HttpStatusCode.BadRequest);
        Assert.Contains("YOT\tYouth offending team\tretired", (await app.RunCliAsync("agencies", "list")).Out, StringComparison.Ordinal);
    }
}

public class AdministeringThroughPagesTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url.Split('?')[0]);
        fields["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task AnAdministrator_AddsAnAgencyAndItsPartner_ThenDisablesThePartner_AllByForms()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var admin = await app.CreateSignedInClientAsync(Roles.Administrator);

        var bad = await PostAsync(admin, "/Admin/Agencies?handler=Add", new() { ["Code"] = "Y O T", ["Name"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("The agency&#x27;s code may hold only", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "/Admin/Agencies?handler=Add", new() { ["Code"] = "yot", ["Name"] = "Youth offending team" })).StatusCode);
        Assert.Contains("Youth offending team", await admin.GetStringAsync("/Admin/Agencies"), StringComparison.Ordinal);

        var added = await PostAsync(admin, "/Admin/Users?handler=Add", new() { ["Email"] = "yot@partner.invalid", ["Role"] = Roles.PartnerAgency, ["Agency"] = "YOT" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var html = await added.Content.ReadAsStringAsync();
        var password = System.Text.RegularExpressions.Regex.Match(html, "id=\"generated-password\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(password);
        Assert.Contains("no-store", added.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(password, await admin.GetStringAsync("/Admin/Users"), StringComparison.Ordinal); // shown once

        using var partner = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.SignInAsync(partner, "yot@partner.invalid", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/api/notices")).StatusCode);

        var id = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync("/Admin/Users"), "href=\"/Admin/Users/([^\"]+)\">yot@partner.invalid<").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/Admin/Users/{id}?handler=Disable", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync("/api/notices")).StatusCode);
        Assert.Contains("Disabled", await admin.GetStringAsync($"/Admin/Users/{id}"), StringComparison.Ordinal);

        // An administrator cannot take away their own access, and holds no operational write.
        var self = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync("/Admin/Users"), "href=\"/Admin/Users/([^\"]+)\">administrator-").Groups[1].Value;
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(admin, $"/Admin/Users/{self}?handler=Disable", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/incidents", new { reference = "ADM-1" })).StatusCode);
    }
}
