using System.Net;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// A reference names one record however it is typed — case and Unicode compatibility forms fold together — while a
/// lookalike (a Cyrillic letter, a zero-width space, a control character) is refused instead of becoming a second record.
/// </summary>
public class TellingReferencesApartTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task OneRecordHoweverItIsTyped_AndLookalikesRefused(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        object Incident(string reference, params string[] children) =>
            new { reference, createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true, childReferences = children };

        var created = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", Incident(" inc-1 ", "c-7", "C-7"), HttpStatusCode.Created);
        Assert.Equal("INC-1", created.GetProperty("reference").GetString());
        // The same record, in capitals, in lower case and in full-width forms: a second is a conflict, not a new record.
        foreach (var same in new[] { "INC-1", "Inc-1", "ＩＮＣ-１" })
            await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", Incident(same), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await cc.GetAsync("/api/incidents/inc-1")).StatusCode);
        Assert.Equal(1, await app.CountIncidentsAsync());
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM subjects WHERE \"Kind\" = 'child'")); // c-7 and C-7: one child

        // Lookalikes and hidden characters are refused with a problem detail that says why, and change nothing.
        foreach (var lookalike in new[] { "\u0406NC-1", "INC\u200B-1", "INC-1\0", "INC 1", "-INC-1" })
        {
            var refused = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", Incident(lookalike), HttpStatusCode.BadRequest);
            Assert.Matches("^reference (may hold only letters A–Z, digits and - _ . /|must begin with a letter or a digit)$",
                refused.GetProperty("errors").GetProperty("reference")[0].GetString());
        }
        // "NEW" (any case) is the address of the pages for a new record, so no record may take it: one could never be opened.
        var reserved = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", Incident("new"), HttpStatusCode.BadRequest);
        Assert.Equal("reference cannot be \"NEW\" alone (the pages use it for a new record)", reserved.GetProperty("errors").GetProperty("reference")[0].GetString());
        var cyrillicChild = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", Incident("INC-2", "\u0421-7"), HttpStatusCode.BadRequest);
        Assert.True(cyrillicChild.GetProperty("errors").TryGetProperty("childReferences[0]", out _));
        Assert.Equal(1, await app.CountIncidentsAsync());
        // An address with a lookalike names no record at all.
        Assert.Equal(HttpStatusCode.NotFound, (await cc.GetAsync("/api/incidents/%D0%86NC-1")).StatusCode);
    }

    [Fact]
    public async Task AFile_FoldsReferencesTheSameWay_AndSaysWhichLineHoldsALookalike()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var file = app.WriteFile("reference,created_at,grade,children_involved,child_references\n"
            + "inc-3,2024-02-01T10:00:00Z,priority,true,c-9\n"
            + "INC-3,2024-02-01T10:00:00Z,priority,true,\n"
            + "\u0406NC-4,2024-02-01T10:00:00Z,priority,true,\n"
            + "INC-5,2024-02-01T10:00:00Z,priority,true,C\u200B-9\n");
        var import = await app.RunCliAsync("import", "incidents", file);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains("line 2: reference repeats on line 3", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 3: reference repeats line 2", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 4: reference may hold only letters A–Z, digits and - _ . /", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 5: child_references has a reference that may hold only letters A–Z, digits and - _ . /", import.Out, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountIncidentsAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task TimesAndPeriodsBeyondReason_AreAClear400_NeverA500(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var refused = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference = "FAR-1", createdAt = "9999-12-31T23:00:00Z", grade = "priority", childrenInvolved = true }, HttpStatusCode.BadRequest);
        Assert.Equal("createdAt is outside the years 1900 to 2199", refused.GetProperty("errors").GetProperty("createdAt")[0].GetString());

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        foreach (var period in new[] { "from=9999-01-01&to=9999-12-31", "from=0001-01-01&to=2024-01-01", "from=2024-01-01&to=2300-01-01" })
        {
            using var report = await analyst.GetAsync("/api/reports/performance?" + period);
            Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
            Assert.Contains("from and to must be dates from 1900-01-01 to 2200-01-01", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/reports/performance?from=1900-01-01&to=2200-01-01")).StatusCode);

        var import = await app.RunCliAsync("import", "incidents", app.WriteFile("reference,created_at,grade,children_involved\nFAR-2,9999-01-01T00:00:00Z,priority,true\n"));
        Assert.Equal(2, import.ExitCode);
        Assert.Contains("line 2: created_at '9999-01-01T00:00:00Z' is outside the years 1900 to 2199", import.Out, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountIncidentsAsync());
    }
}
