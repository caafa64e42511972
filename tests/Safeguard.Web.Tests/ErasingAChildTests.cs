using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>
/// A child erased leaves nothing that identifies or describes them anywhere in the database — searched table by table,
/// column by column — while the figures stay as they were and the s.62 log says who erased what and why.
/// </summary>
public class ErasingAChildTests
{
    private static readonly string[] Personal =
        ["Robin Erasable", "Erasure Primary", "I hid under the stairs", "Tearful and quiet", "Door kicked in at the flat", "Mum said it happens",
            "Left with an older man", "Bus station toilets", "Seen with known exploiter", "Told the social worker about the stairs", "The head teacher was told of the door",
            "Phoned the aunt in Leeds", "Now thought to be with the older man", "The social worker insisted", "Robin hiding upstairs", "Robin's mum says he is safe",
            "Robin Duplicate-Spelling", "Said the same on the doorstep"];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task AnErasedChild_LeavesNoPersonalDataAnywhere_AndTheFiguresDoNotMove(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var t = app.Now;
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents", new
        {
            reference = "INC-ER-1",
            createdAt = (t - Duration.FromHours(5)).ToString(),
            grade = "priority",
            childrenInvolved = true,
            district = "North",
            childReferences = new[] { "C-ER" },
        }, HttpStatusCode.Created);
        // The incident's own notes name the child too.
        await SendAsync(cc, HttpMethod.Post, "/api/incidents/INC-ER-1/events", new
        {
            kind = "reassessed",
            at = (t - Duration.FromMinutes(290)).ToString(),
            thrive = new { threat = Personal[14], harm = "Harm", risk = "Medium", investigation = "Neighbour", vulnerability = "Aged 9", engagement = "Phone" },
        }, HttpStatusCode.OK);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents/INC-ER-1/events", new { kind = "caller-updated", at = (t - Duration.FromMinutes(280)).ToString(), reason = Personal[15] }, HttpStatusCode.OK);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-ER", new { name = Personal[0], dateOfBirth = "2014-05-06", school = Personal[1], childProtectionPlan = true }, HttpStatusCode.OK);
        // A duplicate record of the same child, merged into this one before the request came.
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-ER-DUP", new { name = Personal[16] }, HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Post, "/api/children/C-ER-DUP/contacts", new
        {
            at = (t - Duration.FromHours(4)).ToString(),
            seen = true,
            seenBy = "PC Other",
            spokenToAlone = false,
            said = Personal[17],
        }, HttpStatusCode.Created);
        Assert.Equal(0, (await app.RunCliAsync("children", "merge", "C-ER-DUP", "--into", "C-ER", "--reason", "Same child, two spellings (synthetic)")).ExitCode);
        await SendAsync(officer, HttpMethod.Post, "/api/children/C-ER/contacts", new
        {
            at = (t - Duration.FromHours(4)).ToString(),
            incidentReference = "INC-ER-1",
            seen = true,
            seenBy = "PC Example",
            spokenToAlone = true,
            said = Personal[2],
            demeanour = Personal[3],
        }, HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference = "PPN-ER-1",
            childReference = "C-ER",
            incidentReference = "INC-ER-1",
            type = "domestic_abuse",
            officerRisk = "high",
            occurredAt = (t - Duration.FromHours(5)).ToString(),
            narrative = Personal[4],
            voiceOfChild = Personal[5],
        }, HttpStatusCode.Created);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-ER-1/review", new { rag = "red", rationale = Personal[6], decision = "strategy_discussion", shareWith = new[] { "CSC" } }, HttpStatusCode.OK);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-ER-1/share", new { agency = "CSC", what = Personal[9] }, HttpStatusCode.OK);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-ER-1/share", new { agency = "HEALTH", what = Personal[9], reason = Personal[13] }, HttpStatusCode.OK);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-ER-1/school-notified", new { school = Personal[1], what = Personal[10] }, HttpStatusCode.OK);
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        await SendAsync(coordinator, HttpMethod.Post, "/api/missing", new
        {
            reference = "MIS-ER-1",
            childReference = "C-ER",
            reportedAt = (t - Duration.FromHours(3)).ToString(),
            risk = "high",
            district = "North",
            information = new[] { new { item = Personal[6], source = "Mother", obtainedAt = (t - Duration.FromHours(3)).ToString() } },
        }, HttpStatusCode.Created);
        await SendAsync(coordinator, HttpMethod.Post, "/api/missing/MIS-ER-1/events", new { kind = "action", at = (t - Duration.FromHours(2)).ToString(), action = "school-contacted", note = Personal[11] }, HttpStatusCode.OK);
        await SendAsync(coordinator, HttpMethod.Post, "/api/missing/MIS-ER-1/events", new
        {
            kind = "reviewed",
            at = (t - Duration.FromMinutes(100)).ToString(),
            risk = "medium",
            reason = Personal[12],
            information = new[] { new { item = Personal[12], source = "Aunt", obtainedAt = (t - Duration.FromMinutes(100)).ToString() } },
        }, HttpStatusCode.OK);
        await SendAsync(coordinator, HttpMethod.Post, "/api/missing/MIS-ER-1/events", new { kind = "found", at = (t - Duration.FromHours(1)).ToString(), where = Personal[7], foundBy = "PC 123" }, HttpStatusCode.OK);
        await SendAsync(coordinator, HttpMethod.Post, "/api/missing/MIS-ER-1/events", new { kind = "exploitation-indicator", at = t.ToString(), indicator = Personal[8] }, HttpStatusCode.OK);
        var day = t.InUtc().Date;
        string[] period = ["report", "--from", day.PlusDays(-2).ToString("yyyy-MM-dd", null), "--to", day.PlusDays(1).ToString("yyyy-MM-dd", null)];
        var before = (await app.RunCliAsync(period)).Out;
        Assert.NotEmpty(await FindAsync(app, Personal));

        Assert.Equal(2, (await app.RunCliAsync("children", "erase", "C-ER", "--reason", " ")).ExitCode); // a reason is required
        var erased = await app.RunCliAsync("children", "erase", "c-er", "--reason", "Subject access and erasure request (synthetic)");
        Assert.True(erased.ExitCode == 0, erased.Out + erased.Error);
        Assert.Contains("erased child C-ER: 1 notices, 1 missing episodes, 1 incidents", erased.Out, StringComparison.Ordinal);

        Assert.Empty(await FindAsync(app, Personal));
        Assert.Equal(before, (await app.RunCliAsync(period)).Out); // every figure as it was
        Assert.Empty(await app.LedgerDiffersFromDomainAsync("INC-ER-1"));
        var log = (await app.RunCliAsync("audit", "show", "child", "C-ER")).Out;
        Assert.Contains("\tErasure\tdata protection (command line): Subject access and erasure request (synthetic)", log, StringComparison.Ordinal);
        Assert.Contains("\tErasure\t", (await app.RunCliAsync("audit", "show", "notice", "PPN-ER-1")).Out, StringComparison.Ordinal);
        Assert.Contains("\tErasure\t", (await app.RunCliAsync("audit", "show", "missing", "MIS-ER-1")).Out, StringComparison.Ordinal);
        Assert.Contains("\tErasure\t", (await app.RunCliAsync("audit", "show", "incident", "INC-ER-1")).Out, StringComparison.Ordinal);
        Assert.Contains("\tErasure\t", (await app.RunCliAsync("audit", "show", "child", "C-ER-DUP")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync("audit", "verify")).ExitCode);
        // The records still read, without what was erased.
        var record = await officer.GetStringAsync("/Children/C-ER");
        Assert.Contains("Name not recorded", record, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("children", "erase", "C-NONE", "--reason", "x")).ExitCode);
    }

    /// <summary>Every text cell of every table that holds any of <paramref name="needles"/>, as "table.column".</summary>
    private static Task<List<string>> FindAsync(SafeguardApp app, string[] needles) => app.WithServices(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = app.Provider == Provider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
                for (var i = 0; i < rows.FieldCount; i++)
                    if (!rows.IsDBNull(i) && rows.GetValue(i) is string text && needles.Any(n => text.Contains(n, StringComparison.Ordinal)))
                        found.Add($"{table}.{rows.GetName(i)}");
        }
        return found;
    });
}

public class ErasingAChildByThePageTests
{
    [Fact]
    public async Task TheDataProtectionFunction_ErasesFromTheChildsPage_WithAReason_AndNoOneElseMay()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-PG", new { name = "Alex Pageerase", school = "Page School" }, HttpStatusCode.Created);
        async Task<HttpResponseMessage> EraseAsync(HttpClient client, string reason)
        {
            var page = await client.GetStringAsync("/Children/C-PG");
            return await client.PostAsync("/Children/C-PG?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page),
                ["ErasureReason"] = reason,
            }));
        }
        Assert.DoesNotContain("Erase the personal data", await officer.GetStringAsync("/Children/C-PG"), StringComparison.Ordinal);
        var refused = await EraseAsync(officer, "no");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var admin = await app.CreateClientAsync(Roles.Administrator);
        var blank = await EraseAsync(admin, "");
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("Say why the record is erased", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Alex Pageerase", await officer.GetStringAsync("/Children/C-PG"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await EraseAsync(admin, "Erasure request DP-123 (synthetic)")).StatusCode);
        var after = await admin.GetStringAsync("/Children/C-PG?saved=erased");
        Assert.Contains("personal data is erased", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Pageerase", after, StringComparison.Ordinal);
        Assert.Contains("Erasure request DP-123 (synthetic)", after, StringComparison.Ordinal); // who used this record: the erasure and why
    }
}
