using System.Net;
using System.Text.Json;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class SharingNoticesWithPartnersTests
{
    private const string Notices = "reference,child_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with\n"
        + "TO-CSC,C-1,domestic_abuse,high,2024-01-10T10:00:00Z,2024-01-10T12:00:00Z,2024-01-10T13:00:00Z,red,2024-01-10T15:00:00Z,Children's social care\n"
        + "TO-HEALTH,C-2,child_concern,medium,2024-01-11T10:00:00Z,2024-01-11T12:00:00Z,2024-01-11T13:00:00Z,amber,2024-01-11T15:00:00Z,Health\n"
        + "TO-BOTH,C-3,exploitation,high,2024-01-12T10:00:00Z,2024-01-12T12:00:00Z,2024-01-12T13:00:00Z,red,2024-01-12T15:00:00Z,Health; Children's social care\n"
        + "NOT-SHARED,C-4,other,standard,2024-01-13T10:00:00Z,2024-01-13T12:00:00Z,2024-01-13T13:00:00Z,green,,\n";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task PartnerUser_SeesExactlyWhatWasSharedWithTheirAgency(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        using var csc = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Children's social care");

        var mine = JsonDocument.Parse(await csc.GetStringAsync("/api/notices")).RootElement.GetProperty("rows");
        Assert.Equal(["TO-BOTH", "TO-CSC"], mine.EnumerateArray().Select(n => n.GetProperty("reference").GetString()).Order());
        // In the list too, each notice carries only their own agency's share.
        Assert.All(mine.EnumerateArray(), n => Assert.Equal(["Children's social care"], n.GetProperty("shares").EnumerateArray().Select(x => x.GetProperty("agency").GetString())));
        // A client reads pages until one comes back empty: past the last the API answers no rows; the page shows the last one.
        var past = JsonDocument.Parse(await csc.GetStringAsync("/api/notices?page=2")).RootElement;
        Assert.Equal(0, past.GetProperty("rows").GetArrayLength());
        Assert.Equal(2, past.GetProperty("total").GetInt32());
        Assert.Contains("/Notices/TO-CSC", await csc.GetStringAsync("/Notices?page=5"), StringComparison.Ordinal);

        var both = JsonDocument.Parse(await csc.GetStringAsync("/api/notices/TO-BOTH")).RootElement;
        var shares = both.GetProperty("shares").EnumerateArray().ToList();
        Assert.Single(shares); // their own agency's share, not Health's
        Assert.Equal("Children's social care", shares[0].GetProperty("agency").GetString());
        Assert.Contains("Sch. 8 para 4", shares[0].GetProperty("lawfulBasis").GetString(), StringComparison.Ordinal);

        var nobody = await csc.GetAsync("/api/notices/NO-SUCH-NOTICE");
        foreach (var other in new[] { "TO-HEALTH", "NOT-SHARED" })
        {
            var refused = await csc.GetAsync($"/api/notices/{other}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            // Indistinguishable from a reference that does not exist.
            Assert.Equal(JsonDocument.Parse(await nobody.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(),
                JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await csc.PostAsync($"/api/notices/{other}/acknowledge", null)).StatusCode);
        }

        var acknowledged = JsonDocument.Parse(await (await csc.PostAsync("/api/notices/TO-CSC/acknowledge", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.NotEqual(JsonValueKind.Null, acknowledged.GetProperty("shares")[0].GetProperty("acknowledgedAt").ValueKind);

        // Partners see nothing else of the force's data.
        Assert.Equal(HttpStatusCode.Forbidden, (await csc.GetAsync("/api/missing/ANY")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await csc.GetAsync("/api/incidents/ANY")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await csc.GetAsync("/api/reports/performance?from=2024-01-01&to=2024-02-01")).StatusCode);

        // The MASH sees every notice and every share, and the acknowledgement.
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var all = JsonDocument.Parse(await mash.GetStringAsync("/api/notices/TO-BOTH")).RootElement;
        Assert.Equal(2, all.GetProperty("shares").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/api/notices/NOT-SHARED")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mash.PostAsync("/api/notices/TO-CSC/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task PartnerUser_NeedsAnAgency()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var refused = await app.RunCliAsync("users", "add", "--email", "p@partner.invalid", "--role", Roles.PartnerAgency);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--agency", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync("users", "add", "--email", "p@partner.invalid", "--role", Roles.PartnerAgency, "--agency", "Health")).ExitCode);
    }

    [Fact]
    public async Task ChildRecord_ShowsEverythingInOrder_ToTheForce_AndNothingToPartners()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(0, (await app.ImportIncidentsAsync("reference,created_at,grade,children_involved,arrived_at\nINC-9,2024-01-10T09:00:00Z,priority,yes,2024-01-10T09:40:00Z\n")).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(
            "reference,child_reference,incident_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with\n"
            + "PPN-9,C-9,INC-9,domestic_abuse,high,2024-01-10T09:00:00Z,2024-01-10T12:00:00Z,2024-01-10T14:00:00Z,red,2024-01-10T16:00:00Z,Health\n"))).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("import", "missing", app.WriteFile(
            "reference,child_reference,reported_at,risk,found_at\nEP-9,C-9,2024-01-11T20:00:00Z,medium,2024-01-12T08:00:00Z\n"))).ExitCode);

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var page = await mash.GetStringAsync("/Children/C-9");
        string[] order = ["Incident created, graded priority", "Concern arose (domestic abuse)", "Officer arrived", "Notice submitted, officer risk high",
            "Reviewed in the MASH: red", "Shared with Health", "Reported missing, medium risk", "Found"];
        var positions = order.Select(o => page.IndexOf(o, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        // Oldest first; the incident and the concern both at 09:00 are ordered by reference.
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/Incidents/INC-9")).StatusCode);

        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Health");
        var refused = await partner.GetAsync("/Children/C-9");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
