using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// Command and control sends NENA EIDO (NENA-STA-021) snapshots of an incident as it changes. The documents here are
/// built as the standard's schema lays them out: the common members on every component, NIEM-JSON persons.
/// </summary>
public class ReceivingEidoSnapshotsTests
{
    private const string Agency = "cad.police.example";

    private sealed record Unit(string Name, string At, params string[] Status);

    private static JsonObject Component(string id, string at) => new()
    {
        ["$id"] = id,
        ["lastUpdateTimeStamp"] = at,
        ["updatedByAgencyReference"] = new JsonObject { ["$ref"] = Agency },
    };

    /// <summary>An EIDO of incident <paramref name="number"/> as it stood at <paramref name="at"/>.</summary>
    private static JsonObject Eido(string number, string at, int priority, string[] status, Unit[]? units = null, JsonObject[]? persons = null,
        string call = "2024-02-01T11:30:00Z", string? trackingId = null)
    {
        var incident = Component($"urn:emergency:uid:eidodatacomponent:i{number}:{Agency}", at);
        incident["incidentTypeInternalText"] = "Domestic abuse";
        incident["incidentTypeCommonRegistryText"] = "LawEnforcement";
        incident["incidentStatusCommonRegistryText"] = new JsonArray([.. status.Select(s => (JsonNode)JsonValue.Create(s))]);
        incident["internalIncidentId"] = number;
        incident["incidentCommonPriorityNumber"] = priority;
        incident["beatOrDispatchGroupText"] = "North";

        var callComponent = Component($"urn:emergency:uid:callid:c{number}:{Agency}", call);
        callComponent["standardPrimaryCallType"] = "emergency";
        callComponent["direction"] = "incoming";
        callComponent["callStartTimestamp"] = call;

        var document = Component(trackingId ?? $"urn:emergency:uid:incidentid:{number}:{Agency}", at);
        document["eidoVersion"] = "1.0";
        document["issuingElementIdentification"] = Agency;
        document["incidentComponent"] = incident;
        document["callComponent"] = new JsonArray(callComponent);
        document["emergencyResourceComponent"] = new JsonArray([.. (units ?? []).Select(u =>
        {
            var resource = Component($"{u.Name}@{Agency}", u.At);
            resource["emergencyResourceTypeCommonRegistryText"] = "PatrolUnit";
            resource["emergencyResourceName"] = u.Name;
            resource["primaryUnitStatusRegistryText"] = "NotAvailable";
            resource["secondaryUnitStatusRegistryText"] = new JsonArray([.. u.Status.Select(s => (JsonNode)JsonValue.Create(s))]);
            resource["agentReference"] = new JsonArray(new JsonObject { ["$ref"] = $"pc1@{Agency}" });
            return (JsonNode)resource;
        })]);
        document["personComponent"] = new JsonArray([.. (persons ?? []).Select(p => (JsonNode)p)]);
        return document;
    }

    private static JsonObject Person(string id, JsonObject niem, string role = "Victim")
    {
        var person = Component($"urn:emergency:uid:eidodatacomponent:{id}:{Agency}", "2024-02-01T11:32:00Z");
        person["personIncidentRoleRegistryText"] = new JsonArray("" + role);
        niem["personFullName"] = new JsonArray(new JsonObject { ["value"] = "Not read by Safeguard" });
        person["ncPersonComponent"] = niem;
        return person;
    }

    private static JsonObject BornOn(string date) => new() { ["birthDate"] = new JsonArray(new JsonObject { ["date"] = new JsonArray(new JsonObject { ["value"] = date }) }) };

    private static JsonObject Aged(int years, string unit = "ANN") => new()
    {
        ["ageMeasure"] = new JsonArray(new JsonObject
        {
            ["integerValue"] = new JsonArray(new JsonObject { ["value"] = years }),
            ["timeUnitCode"] = new JsonArray(new JsonObject { ["simpleType"] = unit }),
        }),
    };

    /// <summary>A call at 11:30 graded priority (8), upgraded to immediate (10) at 11:33, a unit assigned at 11:35, on scene at 11:52, closed at 11:58.</summary>
    private static JsonObject[] Story(string number) =>
    [
        Eido(number, "2024-02-01T11:31:00Z", 8, ["Active"]),
        Eido(number, "2024-02-01T11:33:00Z", 10, ["Active"], persons: [Person("p1", BornOn("2016-05-04"))]),
        Eido(number, "2024-02-01T11:35:00Z", 10, ["Active", "ResourcesAssigned"], [new Unit("alpha21", "2024-02-01T11:35:00Z", "Dispatched", "EnRoute")]),
        Eido(number, "2024-02-01T11:52:00Z", 10, ["Active", "ResourcesOnscene"], [new Unit("alpha21", "2024-02-01T11:52:00Z", "OnScene")]),
        Eido(number, "2024-02-01T11:58:00Z", 10, ["Closed"], [new Unit("alpha21", "2024-02-01T11:58:00Z", "Cleared")]),
    ];

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, JsonObject eido) =>
        client.PostAsync("/api/eido", new StringContent(eido.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>What the incident's page and the figures read: its facts and its clocks' outcomes.</summary>
    private static string Outcome(JsonElement incident) => string.Join("; ",
        new[] { "createdAt", "initialGrade", "currentGrade", "childrenInvolved", "district", "category", "dispatchedAt", "arrivedAt", "closedAt" }
            .Select(p => $"{p}={incident.GetProperty(p)}")
            .Concat(incident.GetProperty("clocks").EnumerateArray().Select(c => $"{c.GetProperty("kind")}:{c.GetProperty("state")}:{c.GetProperty("due")}")));

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task SnapshotsAsTheIncidentGoes_BecomeItsEvents(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var story = Story("CAD-100");

        var first = await SendAsync(cc, story[0]);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/incidents/CAD-100", first.Headers.Location?.OriginalString);
        var receipt = await HttpAssert.OkAsync<JsonElement>(first);
        Assert.Equal(["created"], receipt.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("priority", receipt.GetProperty("incident").GetProperty("initialGrade").GetString());
        Assert.False(receipt.GetProperty("incident").GetProperty("childrenInvolved").GetBoolean());

        var kinds = new List<string?>();
        foreach (var snapshot in story.Skip(1))
        {
            var response = await SendAsync(cc, snapshot);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            kinds.AddRange((await HttpAssert.OkAsync<JsonElement>(response)).GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(["regraded", "children-involved", "dispatched", "arrived", "closed"], kinds);

        var incident = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CAD-100"));
        Assert.Equal("immediate", incident.GetProperty("currentGrade").GetString());
        Assert.Equal("priority", incident.GetProperty("initialGrade").GetString());
        Assert.True(incident.GetProperty("childrenInvolved").GetBoolean());
        Assert.Equal("2024-02-01T11:30:00Z", incident.GetProperty("createdAt").GetString());
        Assert.Equal("2024-02-01T11:35:00Z", incident.GetProperty("dispatchedAt").GetString());
        Assert.Equal("2024-02-01T11:52:00Z", incident.GetProperty("arrivedAt").GetString());
        Assert.Equal("2024-02-01T11:58:00Z", incident.GetProperty("closedAt").GetString());
        Assert.Equal("North", incident.GetProperty("district").GetString());
        var attendance = incident.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "attendance");
        Assert.Equal("met", attendance.GetProperty("state").GetString()); // measured on the initial grade: 22 of 60 minutes
        // Children found involved: the child-seen and notice clocks run from the call.
        Assert.Contains(incident.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("kind").GetString() == "child-seen");
        var regrade = incident.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "regraded");
        Assert.Equal("2024-02-01T11:33:00Z", regrade.GetProperty("at").GetString());
        Assert.StartsWith("api:", regrade.GetProperty("author").GetString(), StringComparison.Ordinal);

        // Every snapshot that changed the incident is in the s.62 log against it, as collected then altered by command and control.
        var entries = await app.WithServices(sp => sp.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Reference == "CAD-100" && a.Subject == "incident").OrderBy(a => a.Sequence).Select(a => a.Action.ToString()).ToListAsync());
        Assert.Equal(["Collection", "Alteration", "Alteration", "Alteration", "Alteration", "Consultation"], entries);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task SnapshotsOutOfOrder_AndRepeated_LeaveTheIncidentAsInOrder(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        foreach (var snapshot in Story("CAD-1"))
            await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, snapshot));

        var late = Story("CAD-2");
        int[] order = [4, 2, 0, 4, 3, 1, 2];
        var repeated = new List<bool>();
        foreach (var i in order)
            repeated.Add((await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, late[i]))).GetProperty("repeated").GetBoolean());
        Assert.Equal([false, false, false, true, false, false, true], repeated);
        // A repeat changes nothing, but it answers with the incident: that is logged as a consultation of it.
        Assert.Equal(2, await app.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE \"Reference\" = 'CAD-2' AND \"Action\" = 'Consultation'"));

        var inOrder = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CAD-1"));
        var outOfOrder = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CAD-2"));
        Assert.Equal(Outcome(inOrder), Outcome(outOfOrder));
        // What events could not say after the close was stated, naming what changed.
        var restated = outOfOrder.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "recorded").ToList();
        Assert.NotEmpty(restated);
        Assert.All(restated, e => Assert.Contains("command-and-control snapshots (EIDO)", e.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // The figures count both alike.
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var report = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-03-01")).RootElement;
        Assert.Equal(2, report.GetProperty("attendance").GetProperty("withinTarget").GetInt32());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task SnapshotsSentAllAtOnce_LeaveTheIncidentAsInOrder(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        foreach (var snapshot in Story("CAD-30"))
            await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, snapshot));

        // All five at once; one that lost a race five times answers 409 and is sent again, as a publisher would.
        var story = Story("CAD-31");
        var first = await Task.WhenAll(story.Select(s => SendAsync(cc, s)));
        Assert.All(first, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        foreach (var (response, i) in first.Select((r, i) => (r, i)).Where(x => x.r.StatusCode == HttpStatusCode.Conflict))
            await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, story[i]));

        Assert.Equal(Outcome(await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CAD-30"))),
            Outcome(await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/CAD-31"))));
        Assert.Equal(5, await app.ScalarAsync("SELECT COUNT(*) FROM eido_snapshots s JOIN subjects i ON i.\"Id\" = s.\"IncidentId\" WHERE i.\"Reference\" = 'CAD-31'"));
    }

    [Fact]
    public async Task TheSampleSnapshots_InAnyOrder_GiveTheIncidentTheyDescribe()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: NodaTime.Instant.FromUtc(2026, 11, 29, 9, 0));
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "samples", "eido"), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, files.Length);

        foreach (var file in new[] { files[3], files[1], files[0], files[3], files[2] })
            await HttpAssert.OkAsync<JsonElement>(await cc.PostAsync("/api/eido", new StringContent(File.ReadAllText(file), Encoding.UTF8, "application/json")));

        var incident = await HttpAssert.OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/EIDO-2041"));
        Assert.Equal("createdAt=2026-11-28T21:04:12Z; initialGrade=priority; currentGrade=immediate; childrenInvolved=True; district=Southampton Central; "
            + "category=Domestic abuse; dispatchedAt=2026-11-28T21:09:02Z; arrivedAt=2026-11-28T21:21:15Z; closedAt=2026-11-28T22:47:00Z",
            string.Join("; ", Outcome(incident).Split("; ").Take(9)));
        var attendance = incident.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "attendance");
        Assert.Equal("met", attendance.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ChildrenInvolved_ComeFromPersonsUnder18_ByAgeOrDateOfBirth()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        const string at = "2024-02-01T11:31:00Z";

        async Task<bool> ChildrenAsync(string number, params JsonObject[] persons) =>
            (await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, Eido(number, at, 8, ["Active"], persons: persons))))
            .GetProperty("incident").GetProperty("childrenInvolved").GetBoolean();

        Assert.False(await ChildrenAsync("A-1", Person("adult", BornOn("1990-01-01"), "Caller")));
        Assert.False(await ChildrenAsync("A-2", Person("eighteen", BornOn("2006-02-01")))); // eighteen that day
        Assert.True(await ChildrenAsync("A-3", Person("seventeen", BornOn("2006-02-02"))));
        Assert.True(await ChildrenAsync("A-4", Person("adult", Aged(40)), Person("nine", Aged(9))));
        Assert.False(await ChildrenAsync("A-5", Person("eighteen", Aged(18))));
        Assert.True(await ChildrenAsync("A-6", Person("baby", Aged(7, "MON"))));
        Assert.False(await ChildrenAsync("A-7"));
    }

    [Fact]
    public async Task ThePriorityMapping_ComesFromConfiguration()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Eido:PriorityFrom"] = "Internal",
            ["Eido:Grades:P1"] = "immediate",
            ["Eido:Grades:P2"] = "priority",
            ["Eido:Grades:*"] = "scheduled",
        });
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);

        async Task<string?> GradeAsync(string number, string? internalPriority)
        {
            var eido = Eido(number, "2024-02-01T11:31:00Z", 1, ["Active"]);
            eido["incidentComponent"]!["incidentPriorityInternalText"] = internalPriority;
            return (await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, eido))).GetProperty("incident").GetProperty("initialGrade").GetString();
        }

        Assert.Equal("immediate", await GradeAsync("M-1", "p1"));
        Assert.Equal("priority", await GradeAsync("M-2", "P2"));
        Assert.Equal("scheduled", await GradeAsync("M-3", "P7"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task BadSnapshots_GetProblemDetails_AndChangeNothing(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Eido:Grades:*"] = null });
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await HttpAssert.OkAsync<JsonElement>(await SendAsync(cc, Story("CAD-9")[0]));
        var before = await app.SnapshotAsync();

        using var malformed = new StringContent("{\"$id\": ", Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await cc.PostAsync("/api/eido", malformed), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await cc.PostAsJsonAsync("/api/eido", new[] { 1, 2 }), HttpStatusCode.BadRequest);

        var noNumber = Story("CAD-10")[0];
        noNumber["incidentComponent"]!.AsObject().Remove("internalIncidentId");
        var errors = (await HttpAssert.ProblemAsync(await SendAsync(cc, noNumber), HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("incidentComponent.internalIncidentId", out _));

        // Every problem at once, under its JSON path: an unmapped priority, a time in the future, a bad date of birth.
        var bad = Eido("CAD-11", "2024-02-01T13:00:00Z", 2, ["Active"], [new Unit("alpha1", "2024-02-01T25:00:00Z", "OnScene")],
            [Person("p", BornOn("2016-13-01"))]);
        errors = (await HttpAssert.ProblemAsync(await SendAsync(cc, bad), HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Contains("not mapped to a grade", errors.GetProperty("incidentComponent.incidentCommonPriorityNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("future", errors.GetProperty("incidentComponent.lastUpdateTimeStamp")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("emergencyResourceComponent[0].lastUpdateTimeStamp", out _));
        Assert.True(errors.TryGetProperty("personComponent[0].ncPersonComponent.birthDate", out _));
        Assert.DoesNotContain("Not read by Safeguard", errors.ToString(), StringComparison.Ordinal);

        // Another incident's EIDO under a reference already taken: a lookalike is refused, not merged in.
        var other = Story("CAD-9")[2];
        other["$id"] = $"urn:emergency:uid:incidentid:other:{Agency}";
        await HttpAssert.ProblemAsync(await SendAsync(cc, other), HttpStatusCode.Conflict);

        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(1, await app.ScalarAsync("SELECT COUNT(*) FROM eido_snapshots"));
    }

    [Theory]
    [InlineData(Roles.PartnerAgency)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.ReportingClient)]
    public async Task OnlyThoseWhoWriteIncidents_MaySendSnapshots(string role)
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var client = await app.CreateClientAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, Story("CAD-20")[0])).StatusCode);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        Assert.Equal(HttpStatusCode.NotFound, (await cc.GetAsync("/api/incidents/CAD-20")).StatusCode);
    }
}
