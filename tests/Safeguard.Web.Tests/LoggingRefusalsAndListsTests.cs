using System.Net;
using System.Text.RegularExpressions;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>
/// The s.62 log also holds what was refused (a role without the permission, a partner asking for notices not shared
/// with them) and the lists people open, and an auditor searches and exports it.
/// </summary>
public class LoggingRefusalsAndListsTests
{
    private static Task<long> EntriesAsync(SafeguardApp app, string action, string subject) =>
        app.ScalarAsync($"SELECT COUNT(*) FROM audit_log WHERE \"Action\" = '{action}' AND \"Subject\" = '{subject}'");

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task APartnerProbingForOthersNotices_AndARoleRefusedAPage_AreOnTheRecord(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        await SendAsync(mash, HttpMethod.Post, "/api/notices", new
        {
            reference = "PPN-NOT-YOURS",
            childReference = "C-1",
            type = "child_concern",
            officerRisk = "medium",
            occurredAt = app.Now.ToString(),
            narrative = "Synthetic",
        }, HttpStatusCode.Created);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/api/notices/PPN-PROBE-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync("/api/notices/PPN-NOT-YOURS")).StatusCode);
        Assert.Equal(41, await EntriesAsync(app, "Refusal", "notice"));
        Assert.Contains("\tRefusal\t", (await app.RunCliAsync("audit", "show", "notice", "PPN-NOT-YOURS")).Out, StringComparison.Ordinal);

        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.GetAsync("/Mash")).StatusCode);
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/children/C-1")).StatusCode);
        Assert.Equal(1, await EntriesAsync(app, "Refusal", "child"));
        var refused = (await app.RunCliAsync("audit", "show", "child", "C-1")).Out;
        Assert.Contains("analyst: GET /api/children/C-1 refused", refused, StringComparison.Ordinal);
        Assert.True((await app.RunCliAsync("audit", "verify")).ExitCode == 0);
    }

    [Fact]
    public async Task OpeningAListPage_IsAConsultation_WithThePageAndItsFilters()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/Mash")).StatusCode);
        using var supervisor = await app.CreateClientAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/Board?district=North")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/Children")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/Performance/Exceptions?from=2024-01-01&to=2024-02-01")).StatusCode);
        async Task<long> ListedAsync(string subject, string justification) => await app.ScalarAsync(
            $"SELECT COUNT(*) FROM audit_log WHERE \"Action\" = 'Consultation' AND \"Subject\" = '{subject}' AND \"Reference\" = '(list)' AND \"Justification\" = '{justification}'");
        Assert.Equal(1, await ListedAsync("incident", "supervisor: /Board?district=North page 1"));
        Assert.Equal(1, await ListedAsync("incident", "supervisor: /Performance/Exceptions?from=2024-01-01&to=2024-02-01 page 1"));
        Assert.Equal(1, await ListedAsync("notice", "mash-practitioner: /Mash page 1"));
        Assert.Equal(1, await ListedAsync("child", "supervisor: /Children page 1"));
        // A board's refresh of its rows is logged, once in five minutes for the same view.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/Board?handler=Rows&page=2")).StatusCode);
        Assert.Equal(1, await ListedAsync("incident", "supervisor: /Board page 2 (refreshed)"));
        app.AdvanceTime(NodaTime.Duration.FromMinutes(6));
        await supervisor.GetAsync("/Board?handler=Rows&page=2");
        Assert.Equal(2, await ListedAsync("incident", "supervisor: /Board page 2 (refreshed)"));
        Assert.True((await app.RunCliAsync("audit", "verify")).ExitCode == 0);
    }

    [Fact]
    public async Task AnAuditor_SearchesTheLogByPersonRecordAndPeriod_AndExportsIt()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-AUD", new { name = "Synthetic child", school = "=HYPERLINK(\"http://x.invalid\")" }, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/children/C-AUD")).StatusCode);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        await partner.GetAsync("/api/notices/PPN-NONE-1");
        // An import's entry names its file, and a file may be named like a spreadsheet formula.
        var file = app.WriteFile("reference,created_at,grade,children_involved,district,category,dispatched_at,arrived_at,closed_at,final_grade\n"
            + "INC-AUD-1,2024-01-10T10:00:00Z,priority,yes,North,,,,,\n");
        var formula = Path.Combine(Path.GetDirectoryName(file)!, $"=SUM(1+1){Guid.NewGuid():N}.csv");
        File.Copy(file, formula);
        try
        {
            Assert.Equal(0, (await app.RunCliAsync("import", "incidents", formula)).ExitCode);
        }
        finally
        {
            File.Delete(formula);
        }

        using var admin = await app.CreateSignedInClientAsync(Roles.Administrator);
        var form = await admin.GetStringAsync("/Admin/Audit");
        async Task<HttpResponseMessage> SearchAsync(Dictionary<string, string> fields, string handler = "")
        {
            fields["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(form);
            return await admin.PostAsync("/Admin/Audit" + handler, new FormUrlEncodedContent(fields));
        }
        var byRecord = await (await SearchAsync(new() { ["Kind"] = "child", ["Reference"] = "c-aud" })).Content.ReadAsStringAsync();
        Assert.Contains("2 entries, newest first", byRecord, StringComparison.Ordinal);
        Assert.Contains("Consultation", byRecord, StringComparison.Ordinal);
        Assert.Contains("Alteration", byRecord, StringComparison.Ordinal);

        var byPerson = await (await SearchAsync(new() { ["Who"] = "partner-agency-", ["Action"] = "Refusal" })).Content.ReadAsStringAsync();
        Assert.Contains("1 entries, newest first", byPerson, StringComparison.Ordinal);
        var day = app.Now.InUtc().Date;
        var tomorrow = day.PlusDays(1);
        var later = await (await SearchAsync(new() { ["from.Day"] = $"{tomorrow.Day}", ["from.Month"] = $"{tomorrow.Month}", ["from.Year"] = $"{tomorrow.Year}" })).Content.ReadAsStringAsync();
        Assert.Contains("0 entries", later, StringComparison.Ordinal);
        var today = await (await SearchAsync(new() { ["Who"] = "partner-agency-", ["Action"] = "Refusal", ["to.Day"] = $"{day.Day}", ["to.Month"] = $"{day.Month}", ["to.Year"] = $"{day.Year}" })).Content.ReadAsStringAsync();
        Assert.Contains("1 entries", today, StringComparison.Ordinal); // the last day is the whole of it
        var bad = await SearchAsync(new() { ["from.Day"] = "31", ["from.Month"] = "2", ["from.Year"] = "2026", ["Action"] = "Delete" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var said = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("The first day must be a real date, with a four-figure year", said, StringComparison.Ordinal);
        Assert.Contains("Select what was done from the list", said, StringComparison.Ordinal); // every error at once

        var export = await SearchAsync([], "?handler=Export");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("sequence,at,who,action,subject,reference,justification", csv, StringComparison.Ordinal);
        Assert.Contains("Refusal", csv, StringComparison.Ordinal);
        Assert.Contains("'=SUM(1+1)", csv, StringComparison.Ordinal); // escaped, so it is text in a spreadsheet
        Assert.DoesNotMatch(new Regex("(^|,)=", RegexOptions.Multiline), csv); // nothing a spreadsheet would run

        // The search is posted, never in the address; and only the data-protection function reads the log.
        Assert.DoesNotContain("partner-agency-", export.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await officer.GetAsync("/Admin/Audit")).StatusCode);
    }
}
