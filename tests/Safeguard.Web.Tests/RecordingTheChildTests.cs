using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class RecordingTheChildTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private static Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object body, HttpStatusCode expected) =>
        HttpAssert.SendAsync(client, method, url, body, expected);

    private static async Task CreateIncidentAsync(HttpClient cc, string reference, Instant at, bool children = true) =>
        await SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference, createdAt = at.ToString(), grade = "priority", childrenInvolved = children, district = "North", category = "assault" }, HttpStatusCode.Created);

    private static JsonElement Clock(JsonElement incident, string kind) =>
        incident.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Details_AreRecorded_AndBadOnesChangeNothing(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var created = await SendAsync(officer, HttpMethod.Put, "/api/children/C-7",
            new { name = "Sam Example (synthetic)", dateOfBirth = "2012-02-02", school = "Northfield Academy", childProtectionPlan = true, lookedAfter = false, exploitationRisk = true },
            HttpStatusCode.Created);
        var details = created.GetProperty("details");
        Assert.Equal("Sam Example (synthetic)", details.GetProperty("name").GetString());
        Assert.Equal("2012-02-02", details.GetProperty("dateOfBirth").GetString());
        Assert.Equal(11, created.GetProperty("age").GetInt32()); // on 2024-02-01, the day before the birthday
        Assert.True(details.GetProperty("childProtectionPlan").GetBoolean());
        Assert.True(details.GetProperty("exploitationRisk").GetBoolean());

        var before = await officer.GetStringAsync("/api/children/C-7");
        var bad = await SendAsync(officer, HttpMethod.Put, "/api/children/C-7", new { name = "Changed", dateOfBirth = "2012-02-30" }, HttpStatusCode.BadRequest);
        Assert.Equal("dateOfBirth must be a date as yyyy-MM-dd", bad.GetProperty("errors").GetProperty("dateOfBirth")[0].GetString());
        Assert.DoesNotContain("2012-02-30", bad.GetRawText(), StringComparison.Ordinal);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-7", new { dateOfBirth = "2030-01-01" }, HttpStatusCode.BadRequest);
        Assert.Equal(before, await officer.GetStringAsync("/api/children/C-7"));

        // A request that gives only the school changes only the school: no flag or detail is cleared by leaving it out.
        var partial = (await SendAsync(officer, HttpMethod.Put, "/api/children/C-7", new { school = "Hill School" }, HttpStatusCode.OK)).GetProperty("details");
        Assert.Equal("Hill School", partial.GetProperty("school").GetString());
        Assert.Equal("Sam Example (synthetic)", partial.GetProperty("name").GetString());
        Assert.Equal("2012-02-02", partial.GetProperty("dateOfBirth").GetString());
        Assert.True(partial.GetProperty("childProtectionPlan").GetBoolean());
        Assert.True(partial.GetProperty("exploitationRisk").GetBoolean());
        // Saying so clears it.
        var cleared = (await SendAsync(officer, HttpMethod.Put, "/api/children/C-7", new { childProtectionPlan = false, school = "" }, HttpStatusCode.OK)).GetProperty("details");
        Assert.False(cleared.GetProperty("childProtectionPlan").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("school").ValueKind);
        Assert.True(cleared.GetProperty("exploitationRisk").GetBoolean());

        // Partners never read a child's record; analysts have no reason to.
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/children/C-7")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PutAsJsonAsync("/api/children/C-7", new { name = "x" })).StatusCode);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        var denied = await analyst.GetAsync("/Children/C-7");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/Denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ChildSeenClock_RunsFromTheIncident_AndAContactThatSawTheChildStopsIt(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreateIncidentAsync(cc, "INC-SEEN", T - Duration.FromHours(20));
        await CreateIncidentAsync(cc, "INC-ADULT", T - Duration.FromHours(1), children: false);

        var incident = JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-SEEN")).RootElement;
        var seen = Clock(incident, "child-seen");
        Assert.Equal("warning", seen.GetProperty("state").GetString()); // 20 of 24 hours gone
        Assert.Equal((T + Duration.FromHours(4)).ToString(), seen.GetProperty("due").GetString());
        Assert.DoesNotContain(JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-ADULT")).RootElement.GetProperty("clocks").EnumerateArray(),
            c => c.GetProperty("kind").GetString() == "child-seen");

        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-9", new { name = "Alex (synthetic)" }, HttpStatusCode.Created);
        var url = "/api/children/C-9/contacts";
        var at = (T - Duration.FromHours(2)).ToString();
        // Each rule of the voice of the child, refused without a change.
        await SendAsync(officer, HttpMethod.Post, url, new { at, incidentReference = "INC-SEEN" }, HttpStatusCode.BadRequest);
        var problem = await SendAsync(officer, HttpMethod.Post, url, new { at, incidentReference = "INC-SEEN", seen = true, seenBy = "PC 123" }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("spoken to alone", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await SendAsync(officer, HttpMethod.Post, url, new { at, incidentReference = "INC-SEEN", seen = false }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(officer, HttpMethod.Post, url, new { at, incidentReference = "INC-ADULT", seen = true, seenBy = "PC 123", spokenToAlone = true }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(officer, HttpMethod.Post, url, new { at, incidentReference = "NO-SUCH", seen = true, seenBy = "PC 123", spokenToAlone = true }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(officer, HttpMethod.Post, "/api/children/NO-SUCH/contacts", new { at, seen = false, reasonNotSeen = "asleep" }, HttpStatusCode.NotFound);
        Assert.Equal("warning", Clock(JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-SEEN")).RootElement, "child-seen").GetProperty("state").GetString());

        // Not seen first (the reason is kept), then seen and spoken to alone: the clock is met at the sighting.
        await SendAsync(officer, HttpMethod.Post, url,
            new { at = (T - Duration.FromHours(10)).ToString(), incidentReference = "INC-SEEN", seen = false, reasonNotSeen = "At a relative's; address not known (synthetic)" }, HttpStatusCode.Created);
        var record = await SendAsync(officer, HttpMethod.Post, url,
            new { at, incidentReference = "INC-SEEN", seen = true, seenBy = "PC 123", spokenToAlone = true, said = "I don't want to go home (synthetic)", demeanour = "Quiet, tearful" },
            HttpStatusCode.Created);
        var stopped = Clock(JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-SEEN")).RootElement, "child-seen");
        Assert.Equal("met", stopped.GetProperty("state").GetString());
        Assert.Equal(at, stopped.GetProperty("stoppedAt").GetString());

        var contacts = record.GetProperty("contacts").EnumerateArray().ToList();
        Assert.Equal(2, contacts.Count);
        Assert.Equal("I don't want to go home (synthetic)", contacts[0].GetProperty("said").GetString());
        Assert.True(contacts[0].GetProperty("spokenToAlone").GetBoolean());
        Assert.Equal("At a relative's; address not known (synthetic)", contacts[1].GetProperty("reasonNotSeen").GetString());
        var chronology = record.GetProperty("chronology").EnumerateArray().Select(e => e.GetProperty("what").GetString()).ToList();
        Assert.Contains("Incident created, graded priority, children involved", chronology);
        Assert.Contains("Child seen by PC 123, spoken to alone (incident INC-SEEN)", chronology);
        Assert.Contains("Child seen and spoken to: done in time", chronology);
        // The incident's own history says the child was seen, without what the child said.
        var history = await cc.GetStringAsync("/api/incidents/INC-SEEN");
        Assert.Contains("\"kind\":\"child-seen\"", history, StringComparison.Ordinal);
        Assert.DoesNotContain("go home", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnseenChild_IsEscalated_AndShownAsOwedOnTheRecord()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreateIncidentAsync(cc, "INC-BOY", T);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference = "PPN-BOY",
            childReference = "C-BOY",
            incidentReference = "INC-BOY",
            type = "child_concern",
            officerRisk = "medium",
            occurredAt = T.ToString(),
            narrative = "Boy reported an assault (synthetic)",
        }, HttpStatusCode.Created);

        // Two days on, the boy unseen: the supervisor was warned, the duty inspector told at the breach, the superintendent a day later.
        app.AdvanceTime(Duration.FromDays(2) + Duration.FromMinutes(1));
        await app.EscalateAsync();
        var lines = await app.EscalationsAsync();
        Assert.Contains(lines, l => l.StartsWith("event INC-BOY child-seen clock: warning", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("note INC-BOY duty-inspector Child seen and spoken to target missed @", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("note INC-BOY superintendent Child seen and spoken to target missed 24 h ago", StringComparison.Ordinal));
        Assert.Equal(0, await app.EscalateAsync());

        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor); // the officer's sign-in lapsed meanwhile
        var page = await supervisor.GetStringAsync("/Children/C-BOY");
        var owed = page[page.IndexOf("id=\"open\"", StringComparison.Ordinal)..page.IndexOf("Voice of the child", StringComparison.Ordinal)];
        Assert.Contains("Child seen and spoken to", owed, StringComparison.Ordinal);
        Assert.Contains("INC-BOY", owed, StringComparison.Ordinal);
        Assert.Contains("Overdue", owed, StringComparison.Ordinal);

        // The supervisor's list of children not yet seen has the incident, until a contact sees the boy.
        var list = await supervisor.GetStringAsync("/Children");
        Assert.Contains("/Incidents/INC-BOY", list, StringComparison.Ordinal);
        Assert.Contains("1 child(ren) named on incidents, or incidents naming no child yet, not yet seen", list, StringComparison.Ordinal);
        Assert.Contains("/Children/C-BOY", list, StringComparison.Ordinal); // the contact named the boy: the row says which child
        await SendAsync(supervisor, HttpMethod.Post, "/api/children/C-BOY/contacts",
            new { at = app.Now.ToString(), incidentReference = "INC-BOY", seen = true, seenBy = "PC 5", spokenToAlone = false, said = "(synthetic)" }, HttpStatusCode.Created);
        Assert.Contains("Every child involved in an incident has been seen.", await supervisor.GetStringAsync("/Children"), StringComparison.Ordinal);
        var found = await supervisor.GetAsync("/Children?reference=C-BOY");
        Assert.Equal("/Children/C-BOY", found.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Forms_WorkWithoutJavaScript_AndABadPostShowsTheProblemAndChangesNothing()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await CreateIncidentAsync(cc, "INC-F", T - Duration.FromHours(3));
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-F", new { name = "Jo (synthetic)" }, HttpStatusCode.Created);

        var page = await officer.GetStringAsync("/Children/C-F");
        var token = SafeguardApp.AntiforgeryToken(page);
        var bad = await officer.PostAsync("/Children/C-F?handler=Contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["at.Day"] = "30",
            ["at.Month"] = "2",
            ["at.Year"] = "2024",
            ["at.Time"] = "10:00",
            ["Seen"] = "yes",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", badPage, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#at\">The time of the contact must be a real date, with a four-figure year</a>", badPage, StringComparison.Ordinal);
        Assert.Contains("No contact is recorded.", await officer.GetStringAsync("/Children/C-F"), StringComparison.Ordinal);

        var good = await officer.PostAsync("/Children/C-F?handler=Contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["IncidentReference"] = "INC-F",
            ["Seen"] = "yes",
            ["SeenBy"] = "PC 9",
            ["SpokenToAlone"] = "no",
            ["Said"] = "Mum was shouting (synthetic)",
            ["Demeanour"] = "Calm",
        }.Concat(SafeguardApp.WhenFields("at", T - Duration.FromHours(1)))));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var after = await officer.GetStringAsync(good.Headers.Location!.ToString());
        Assert.Contains("The contact is recorded.", after, StringComparison.Ordinal);
        Assert.Contains("Mum was shouting (synthetic)", after, StringComparison.Ordinal);

        var details = await officer.PostAsync("/Children/C-F?handler=Details", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Name"] = "Jo Example (synthetic)",
            ["dateOfBirth.Day"] = "1",
            ["dateOfBirth.Month"] = "6",
            ["dateOfBirth.Year"] = "2015",
            ["School"] = "Hill School",
            ["LookedAfter"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, details.StatusCode);
        var record = await officer.GetStringAsync("/Children/C-F");
        Assert.Contains("Jo Example (synthetic)", record, StringComparison.Ordinal);
        Assert.Contains("Looked after</strong>", record, StringComparison.Ordinal);
        Assert.DoesNotContain("Child protection plan</strong>", record, StringComparison.Ordinal);
        Assert.Contains("1 June 2015", record, StringComparison.Ordinal);
        Assert.Contains("name=\"dateOfBirth.Year\" type=\"text\" inputmode=\"numeric\" value=\"2015\"", record, StringComparison.Ordinal); // the form comes back with what was saved

        // On the form every detail is given: a school emptied is cleared, a box unticked is off.
        var emptied = await officer.PostAsync("/Children/C-F?handler=Details", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Name"] = "Jo Example (synthetic)",
            ["dateOfBirth.Day"] = "1",
            ["dateOfBirth.Month"] = "6",
            ["dateOfBirth.Year"] = "2015",
            ["School"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, emptied.StatusCode);
        record = await officer.GetStringAsync("/Children/C-F");
        Assert.DoesNotContain("Hill School", record, StringComparison.Ordinal);
        Assert.DoesNotContain("Looked after</strong>", record, StringComparison.Ordinal);

        // A call handler neither reads the record (need-to-know: the flags show on the incident) nor may change it.
        using var handler = await app.CreateSignedInClientAsync(Roles.CallHandler);
        var handlerPage = await handler.GetAsync("/Children/C-F");
        Assert.Equal(HttpStatusCode.Redirect, handlerPage.StatusCode);
        Assert.StartsWith("/Account/Denied", handlerPage.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var home = await handler.GetStringAsync("/");
        var refused = await handler.PostAsync("/Children/C-F?handler=Details", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(home),
            ["Name"] = "x",
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("Jo Example (synthetic)", await officer.GetStringAsync("/Children/C-F"), StringComparison.Ordinal);
    }
}
