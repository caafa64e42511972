using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;

namespace Safeguard.Web.Tests;

/// <summary>
/// The clock ledger (ADR 0010): every obligation stored once, read by every page, queue, notification and the engine,
/// and never shown wrong. Each test here failed against the code before the ledger.
/// </summary>
public class KeepingEveryClockInTheLedgerTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;
    private const string NoticeHeader = "reference,child_reference,incident_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with";

    /// <summary>The count of unacknowledged, open notifications every page shows.</summary>
    private static int Unacknowledged(string page) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(page, "id=\"notification-count\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Clock(JsonElement record, string kind) =>
        record.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind);

    private static object Notice(string reference, string child, Instant occurred, string? incident = null, string type = "child_concern", string risk = "medium") => new
    {
        reference,
        childReference = child,
        incidentReference = incident,
        type,
        officerRisk = risk,
        occurredAt = occurred.ToString(),
        narrative = "Synthetic narrative",
    };

    [Fact]
    public async Task ReviewDoneEightDaysLate_ReadsAsDoneLate_ToStaffAndPartners_NeverOnTime()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T - Duration.FromDays(9));
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-LATE", "C-LATE", app.Now - Duration.FromHours(1)), HttpStatusCode.Created);
        app.AdvanceTime(Duration.FromDays(9));
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var reviewed = await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-LATE/review",
            new { rag = "amber", rationale = "Synthetic", decision = "early_help", shareWith = new[] { "Test agency" } }, HttpStatusCode.OK);
        var review = Clock(reviewed, "mash-review");
        Assert.Equal("met-late", review.GetProperty("state").GetString());
        Assert.Equal("Done late", review.GetProperty("words").GetString());
        Assert.Equal("yellow", review.GetProperty("colour").GetString());
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-LATE/share", new { agency = "Test agency", what = "The notice" }, HttpStatusCode.OK);

        var staffPage = await mash.GetStringAsync("/Notices/PPN-LATE");
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        var partnerPage = await partner.GetStringAsync("/Notices/PPN-LATE");
        foreach (var page in new[] { staffPage, partnerPage })
        {
            var clocks = page[page.IndexOf("id=\"clocks\"", StringComparison.Ordinal)..page.IndexOf("</table>", page.IndexOf("id=\"clocks\"", StringComparison.Ordinal), StringComparison.Ordinal)];
            var row = clocks[clocks.IndexOf("data-kind=\"mash-review\"", StringComparison.Ordinal)..];
            row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
            Assert.Contains("govuk-tag--yellow", row, StringComparison.Ordinal);
            Assert.Contains("Done late", row, StringComparison.Ordinal);
            Assert.DoesNotContain("On time", clocks, StringComparison.Ordinal);
            Assert.DoesNotContain("govuk-tag--green\">Done late", clocks, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task QueueOfFifteenHundredWaitingNotices_PutsTheMostOverdueFirst_WithTheTrueTotal()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        // 1,499 standard notices submitted 12 to 23 hours ago (24 h to review: none overdue yet), then one high-risk notice
        // submitted 10 hours ago: the newest by submission, but 6 hours past its 4-hour review.
        var rows = Enumerable.Range(0, 1499).Select(i =>
        {
            var submitted = T - Duration.FromHours(23) + Duration.FromSeconds(i * 26);
            return $"Q-{i:D4},C-{i % 300},,child_concern,standard,{submitted - Duration.FromHours(1)},{submitted},,,,";
        }).Append($"Q-HIGH,C-HIGH,,exploitation,high,{T - Duration.FromHours(11)},{T - Duration.FromHours(10)},,,,");
        var import = await app.RunCliAsync("import", "notices", app.WriteFile(NoticeHeader + "\n" + string.Join("\n", rows) + "\n"));
        Assert.True(import.ExitCode == 0, import.Out + import.Error);

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var queue = await mash.GetStringAsync("/Mash");
        Assert.Contains("1500 notice(s) waiting, page 1 of 30", queue, StringComparison.Ordinal);
        var body = queue[queue.IndexOf("id=\"board-rows\"", StringComparison.Ordinal)..];
        var first = body.IndexOf("/Notices/Q-", StringComparison.Ordinal);
        Assert.Equal("/Notices/Q-HIGH", body.Substring(first, "/Notices/Q-HIGH".Length));
        Assert.Contains("overdue by 6 h", body[..body.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        // The last page holds the least urgent, the notice submitted last among the standard ones.
        var last = await mash.GetStringAsync("/Mash?page=30");
        Assert.Contains("/Notices/Q-1498", last, StringComparison.Ordinal);
        Assert.DoesNotContain("/Notices/Q-HIGH", last, StringComparison.Ordinal);
        // A link kept while the queue shrank asks beyond the end: the last page is shown, never "page 99 of 30" and no rows.
        var beyond = await mash.GetStringAsync("/Mash?page=99");
        Assert.Contains("1500 notice(s) waiting, page 30 of 30", beyond, StringComparison.Ordinal);
        Assert.Contains("/Notices/Q-1498", beyond, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildInvolvedIncidentWithNoNotice_IsEscalatedAndCounted_UntilANoticeStopsItsClock()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference = "INC-ASSAULT", createdAt = T.ToString(), grade = "priority", childrenInvolved = true, district = "North", childReferences = new[] { "C-BOY" } },
            HttpStatusCode.Created);

        // Eighteen hours on the supervisor is warned; at 24 hours the duty inspector is told.
        app.AdvanceTime(Duration.FromHours(24) + Duration.FromMinutes(1));
        await app.EscalateAsync();
        var lines = await app.EscalationsAsync();
        Assert.Contains($"note INC-ASSAULT supervisor Public protection notice due within 6 h @{T + Duration.FromHours(18)} ({app.Now})", lines);
        Assert.Contains($"note INC-ASSAULT duty-inspector Public protection notice target missed @{T + Duration.FromHours(24) + Duration.Epsilon} ({app.Now})", lines);
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var due = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-02-02")).RootElement.GetProperty("notices").GetProperty("noticeDue");
        Assert.Equal(1, due.GetProperty("notSubmitted").GetInt32());
        Assert.Equal(0.0, due.GetProperty("percentWithinTarget").GetDouble());

        // The supervisor's inbox says how it stands now, not when it was sent.
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var inbox = await supervisor.GetStringAsync("/Notifications");
        Assert.Contains("Public protection notice: overdue by 1 min", inbox, StringComparison.Ordinal);
        var open = Unacknowledged(await supervisor.GetStringAsync("/"));

        // A notice about the incident stops the clock, late; the notifications close themselves.
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-BOY", "C-BOY", T, "INC-ASSAULT"), HttpStatusCode.Created);
        var incident = JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-ASSAULT")).RootElement;
        Assert.Equal("met-late", Clock(incident, "ppn-due").GetProperty("state").GetString());
        Assert.Equal(app.Now.ToString(), Clock(incident, "ppn-due").GetProperty("stoppedAt").GetString());
        Assert.Equal(open - 2, Unacknowledged(await supervisor.GetStringAsync("/"))); // the PPN-due warning and breach closed themselves
        Assert.Contains("Public protection notice: done late", await supervisor.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        due = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-02-02")).RootElement.GetProperty("notices").GetProperty("noticeDue");
        Assert.Equal([1, 0, 1, 0, 0, 0], new[] { "population", "withinTarget", "late", "notSubmitted", "notNeeded", "pending" }.Select(k => due.GetProperty(k).GetInt32()));
        app.AdvanceTime(Duration.FromDays(3));
        await app.EscalateAsync();
        Assert.DoesNotContain(await app.EscalationsAsync(), l => l.Contains("ppn-due clock: breach+24h", StringComparison.Ordinal)); // the clock stopped first
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task NoticeDueFigures_MatchHandComputedFigures(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        // Created in the period (London dates of February 2024), any grade, child-involved:
        var incidents = "reference,created_at,grade,children_involved,district,child_references\n"
            + "D-WITHIN,2024-01-10T10:00:00Z,scheduled,yes,North,C-1\n"     // not in the period
            + "D-EXACT,2024-02-01T00:30:00,resolution,yes,North,C-2\n"        // notice at exactly 24 h: within
            + "D-LATE,2024-02-02T10:00:00Z,priority,yes,South,\n"             // notice at 24 h and a second: late
            + "D-WAIVED,2024-02-03T10:00:00Z,immediate,yes,South,C-4\n"       // a reason before any notice: not needed
            + "D-WAIVED-THEN,2024-02-04T10:00:00Z,priority,yes,,C-5\n"        // reason first, a notice later: still not needed
            + "D-NONE,2024-02-05T10:00:00Z,priority,yes,North,\n"             // nothing, past due: not submitted
            + "D-PENDING,2024-02-29T23:00:00Z,priority,yes,North,\n"          // nothing, not yet due: pending
            + "D-ADULT,2024-02-06T10:00:00Z,priority,no,North,\n";            // no child: not in the population
        Assert.Equal(0, (await app.ImportIncidentsAsync(incidents)).ExitCode);
        app.AdvanceTime(Duration.FromDays(9)); // 2024-02-10T12:00Z: the reasons, both before any notice
        using var supervisor = await app.CreateClientAsync(Roles.Supervisor);
        foreach (var reference in new[] { "D-WAIVED", "D-WAIVED-THEN" })
            await SendAsync(supervisor, HttpMethod.Post, $"/api/incidents/{reference}/notice-not-needed", new { reason = "Child not present; no concern (synthetic)" }, HttpStatusCode.OK);
        app.AdvanceTime(Duration.FromDays(20)); // now 2024-03-01T12:00Z: D-PENDING is due at 2024-03-01T23:00Z
        var notices = NoticeHeader + "\n"
            + "N-EXACT,C-2,D-EXACT,child_concern,standard,2024-02-01T00:30:00,2024-02-02T00:30:00,,,,\n"
            + "N-LATE,C-3,D-LATE,child_concern,standard,2024-02-02T10:00:00Z,2024-02-03T10:00:01Z,,,,\n"
            + "N-AFTER,C-5,D-WAIVED-THEN,child_concern,standard,2024-02-04T10:00:00Z,2024-02-20T10:00:00Z,,,,\n";
        var import = await app.RunCliAsync("import", "notices", app.WriteFile(notices));
        Assert.True(import.ExitCode == 0, import.Out + import.Error);

        var cli = await app.RunCliAsync("report", "--from", "2024-02-01", "--to", "2024-03-01");
        var due = JsonDocument.Parse(cli.Out).RootElement.GetProperty("notices").GetProperty("noticeDue");
        Assert.Equal(24, due.GetProperty("targetHours").GetDouble());
        Assert.Equal([6, 1, 1, 1, 2, 1], new[] { "population", "withinTarget", "late", "notSubmitted", "notNeeded", "pending" }.Select(k => due.GetProperty(k).GetInt32()));
        Assert.Equal(33.3, due.GetProperty("percentWithinTarget").GetDouble()); // 1 / (6 − 1 − 2)
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var api = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-02-01&to=2024-03-01")).RootElement.GetProperty("notices").GetProperty("noticeDue");
        Assert.Equal(JsonSerializer.Serialize(due), JsonSerializer.Serialize(api));
        Assert.Contains("notice-due,child-involved-incidents,6,1,1,1,1,33.3,", (await app.RunCliAsync("report", "--from", "2024-02-01", "--to", "2024-03-01", "--format", "csv")).Out, StringComparison.Ordinal);
        // A reason cannot be recorded twice, or once a notice exists, or without saying why (signed in again: 20 days have passed).
        using var again = await app.CreateClientAsync(Roles.Supervisor);
        await SendAsync(again, HttpMethod.Post, "/api/incidents/D-WAIVED/notice-not-needed", new { reason = "again" }, HttpStatusCode.Conflict);
        await SendAsync(again, HttpMethod.Post, "/api/incidents/D-EXACT/notice-not-needed", new { reason = "late thought" }, HttpStatusCode.Conflict);
        await SendAsync(again, HttpMethod.Post, "/api/incidents/D-NONE/notice-not-needed", new { reason = " " }, HttpStatusCode.BadRequest);
        await SendAsync(supervisor, HttpMethod.Post, "/api/incidents/D-ADULT/notice-not-needed", new { reason = "no child" }, HttpStatusCode.UnprocessableEntity);
        using var callHandler = await app.CreateClientAsync(Roles.CallHandler);
        await SendAsync(callHandler, HttpMethod.Post, "/api/incidents/D-NONE/notice-not-needed", new { reason = "not mine to decide" }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PolicyChangedAfterAClockStarted_LeavesThatRunningMashClockAlone()
    {
        await using var first = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await first.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-BEFORE", "C-1", T - Duration.FromHours(1), type: "domestic_abuse"), HttpStatusCode.Created);

        // A restart with a two-hour MASH review target: the running clock keeps its 24 hours, a new one gets two.
        await using var restarted = await first.StartAnotherInstanceAsync(new Dictionary<string, string?> { ["Policy:Notices:ReviewHours"] = "2" });
        using var mash = await restarted.CreateSignedInClientAsync(Roles.MashPractitioner);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-BEFORE/school-notified", new { school = "Hill Top (synthetic)", what = "Synthetic" }, HttpStatusCode.OK);
        var before = JsonDocument.Parse(await mash.GetStringAsync("/api/notices/PPN-BEFORE")).RootElement;
        Assert.Equal((T + Duration.FromHours(24)).ToString(), Clock(before, "mash-review").GetProperty("due").GetString());
        using var officer2 = await restarted.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var after = await SendAsync(officer2, HttpMethod.Post, "/api/notices", Notice("PPN-AFTER", "C-2", T - Duration.FromHours(1)), HttpStatusCode.Created);
        Assert.Equal((T + Duration.FromHours(2)).ToString(), Clock(after, "mash-review").GetProperty("due").GetString());
        var queue = await mash.GetStringAsync("/Mash");
        Assert.True(queue.IndexOf("/Notices/PPN-AFTER", StringComparison.Ordinal) < queue.IndexOf("/Notices/PPN-BEFORE", StringComparison.Ordinal), "the two-hour clock is due first");
    }

    [Fact]
    public async Task SecondWriteOfAUseCaseFails_NothingOfItIsLeftBehind()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(0, (await app.ImportIncidentsAsync("reference,created_at,grade,children_involved\nINC-1,2024-02-01T10:00:00Z,priority,yes\n")).ExitCode);
        var before = await app.SnapshotAsync();
        // The notice, its new child and the incident's record of it are one transaction: make the last of them fail.
        await app.ExecuteSqlAsync("CREATE TRIGGER refuse_link BEFORE INSERT ON events WHEN NEW.Kind = 'notice-linked' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var response = await officer.PostAsJsonAsync("/api/notices", Notice("PPN-HALF", "C-NEW", T - Duration.FromHours(2), "INC-1"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("refused for the test", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        Assert.Equal(HttpStatusCode.NotFound, (await mash.GetAsync("/api/notices/PPN-HALF")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mash.GetAsync("/api/children/C-NEW")).StatusCode);
        // A notice naming an incident that does not exist is refused as a broken rule, and leaves nothing either.
        var problem = await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-NOWHERE", "C-NEW", T - Duration.FromHours(2), "INC-NONE"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("No incident has this reference", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await mash.GetAsync("/api/children/C-NEW")).StatusCode);
    }

    [Fact]
    public async Task Notification_SaysOverdueOncePastDue_AndClosesItselfWhenItsClockStops()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-A", "C-A", T - Duration.FromHours(1)), HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Post, "/api/notices", Notice("PPN-B", "C-B", T - Duration.FromHours(1), risk: "high"), HttpStatusCode.Created);
        app.AdvanceTime(Duration.FromHours(19)); // both past their warnings; PPN-B (4 h) long overdue
        await app.EscalateAsync();
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var inbox = await mash.GetStringAsync("/Notifications");
        Assert.Contains("MASH review: 5 h left", inbox, StringComparison.Ordinal);
        Assert.Contains("MASH review: overdue by 15 h", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("MASH review: 3 h left", inbox, StringComparison.Ordinal); // what was sent is kept, but not shown as the state
        // The most urgent first: PPN-B is overdue.
        Assert.True(inbox.IndexOf("/Notices/PPN-B", StringComparison.Ordinal) < inbox.IndexOf("/Notices/PPN-A", StringComparison.Ordinal));

        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-A/review", new { rag = "amber", rationale = "Synthetic", decision = "early_help", shareWith = new[] { "Health" } }, HttpStatusCode.OK);
        inbox = await mash.GetStringAsync("/Notifications");
        Assert.Contains("MASH review: done in time", inbox, StringComparison.Ordinal);
        Assert.Contains("Closed", inbox, StringComparison.Ordinal);
        Assert.Equal(1, Unacknowledged(await mash.GetStringAsync("/"))); // the MASH hears the warnings: PPN-A's closed, PPN-B's still open
    }

    [Fact]
    public async Task IncidentNamesItsChildren_AndTheContactIsRecordedFromItInOneStep()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference = "INC-KIDS", createdAt = (T - Duration.FromHours(2)).ToString(), grade = "priority", childrenInvolved = true, childReferences = new[] { "C-ONE" } },
            HttpStatusCode.Created);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents", new { reference = "INC-ADULT", createdAt = T.ToString(), grade = "priority", childrenInvolved = false, childReferences = new[] { "C-X" } },
            HttpStatusCode.BadRequest);
        var linked = await SendAsync(cc, HttpMethod.Post, "/api/incidents/INC-KIDS/events", new { kind = "child-linked", at = T.ToString(), childReference = "C-TWO" }, HttpStatusCode.OK);
        Assert.Equal(["C-ONE", "C-TWO"], linked.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
        await SendAsync(cc, HttpMethod.Post, "/api/incidents/INC-KIDS/events", new { kind = "child-linked", at = T.ToString(), childReference = "C-TWO" }, HttpStatusCode.Conflict);
        var seen = linked.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "child-seen").ToList();
        Assert.Equal(["C-ONE", "C-TWO"], seen.Select(c => c.GetProperty("child").GetString()));

        // A file names children too.
        Assert.Equal(0, (await app.ImportIncidentsAsync("reference,created_at,grade,children_involved,child_references\nINC-FILE,2024-02-01T09:00:00Z,scheduled,yes,C-ONE; C-THREE\n")).ExitCode);

        // The supervisor's list names each child, and leads to the incident's contact form.
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var list = await officer.GetStringAsync("/Children");
        Assert.Contains("4 child(ren) named on incidents", list, StringComparison.Ordinal);
        Assert.Contains("/Children/C-THREE", list, StringComparison.Ordinal);
        var page = await officer.GetStringAsync("/Incidents/INC-KIDS");
        Assert.Contains("id=\"child-C-TWO\"", page, StringComparison.Ordinal);
        var response = await officer.PostAsync("/Incidents/INC-KIDS?handler=Contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ChildReference"] = "C-TWO",
            ["Seen"] = "yes",
            ["SeenBy"] = "PC 9",
            ["SpokenToAlone"] = "yes",
            ["Said"] = "Synthetic words",
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page),
        }.Concat(SafeguardApp.WhenFields("at", T))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var incident = JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-KIDS")).RootElement;
        var states = incident.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "child-seen")
            .ToDictionary(c => c.GetProperty("child").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("met", states["C-TWO"]);
        Assert.Equal("running", states["C-ONE"]);
        Assert.Contains("3 child(ren) named on incidents", await officer.GetStringAsync("/Children"), StringComparison.Ordinal);
        Assert.Contains("Synthetic words", await officer.GetStringAsync("/Children/C-TWO"), StringComparison.Ordinal);

        // A child not yet named, seen from the incident, is named by the contact and gets a record.
        page = await officer.GetStringAsync("/Incidents/INC-KIDS");
        response = await officer.PostAsync("/Incidents/INC-KIDS?handler=Contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ChildReference"] = "other",
            ["NewChildReference"] = "C-FOUR",
            ["Seen"] = "no",
            ["ReasonNotSeen"] = "Asleep (synthetic)",
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page),
        }.Concat(SafeguardApp.WhenFields("at", T))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        incident = JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/INC-KIDS")).RootElement;
        Assert.Equal(["C-ONE", "C-TWO", "C-FOUR"], incident.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/Children/C-FOUR")).StatusCode);
    }

    [Fact]
    public async Task IncidentFile_NamesChildrenAndGivesReasons_AndRefusesWhatCannotBe()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        const string header = "reference,created_at,grade,children_involved,child_references,notice_not_needed_at,notice_not_needed_reason\n";
        var bad = await app.ImportIncidentsAsync(header
            + "B-1,2024-02-01T10:00:00Z,priority,no,C-1,,\n"
            + "B-2,2024-02-01T10:00:00Z,priority,yes,,2024-02-01T11:00:00Z,\n"
            + "B-3,2024-02-01T10:00:00Z,priority,yes,,,Because\n"
            + "B-4,2024-02-01T10:00:00Z,priority,yes,,2024-02-01T09:00:00Z,Before the incident\n"
            + "B-5,2024-02-01T10:00:00Z,priority,no,,2024-02-01T11:00:00Z,No child\n");
        Assert.Equal(2, bad.ExitCode);
        foreach (var expected in new[]
        {
            "line 2: child_references names children but children_involved is false",
            "line 3: notice_not_needed_reason is missing (it is required with notice_not_needed_at)",
            "line 4: notice_not_needed_reason is given but notice_not_needed_at is empty",
            "line 5: notice_not_needed_at is before created_at",
            "line 6: notice_not_needed_at is given but children_involved is false",
        })
            Assert.Contains(expected, bad.Out, StringComparison.Ordinal);

        var good = header + "G-1,2024-02-01T10:00:00Z,scheduled,yes,C-1; C-2,2024-02-01T12:00:00Z,Child visiting; no concern (synthetic)\n";
        Assert.Equal(0, (await app.ImportIncidentsAsync(good)).ExitCode);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var incident = JsonDocument.Parse(await cc.GetStringAsync("/api/incidents/G-1")).RootElement;
        Assert.Equal("cancelled", Clock(incident, "ppn-due").GetProperty("state").GetString());
        Assert.Equal("Child visiting; no concern (synthetic)", incident.GetProperty("noticeNotNeeded").GetProperty("why").GetString());
        Assert.Equal(["C-1", "C-2"], incident.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
        Assert.Contains("unchanged 1", (await app.ImportIncidentsAsync(good)).Out, StringComparison.Ordinal);
        // A later file cannot take a child or a reason away.
        Assert.Contains("unchanged 1", (await app.ImportIncidentsAsync(header + "G-1,2024-02-01T10:00:00Z,scheduled,yes,C-2,,\n")).Out, StringComparison.Ordinal);
        Assert.Empty(await app.LedgerDiffersFromDomainAsync("G-1"));
    }

    [Fact]
    public async Task SupervisorRecordsWhyNoNoticeIsNeeded_OnTheChildToNoticePage()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var incidents = "reference,created_at,grade,children_involved,district\n"
            + $"W-1,{T - Duration.FromHours(30)},priority,yes,North\n"
            + $"W-2,{T - Duration.FromHours(2)},priority,yes,South\n";
        Assert.Equal(0, (await app.ImportIncidentsAsync(incidents)).ExitCode);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var page = await supervisor.GetStringAsync("/Mash/ChildToNotice");
        Assert.Contains("2 incident(s)", page, StringComparison.Ordinal);
        Assert.Contains("1 incident(s) in South", await supervisor.GetStringAsync("/Mash/ChildToNotice?District=South"), StringComparison.Ordinal);

        var token = SafeguardApp.AntiforgeryToken(page);
        var blank = await supervisor.PostAsync("/Mash/ChildToNotice?handler=NotNeeded", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Incident"] = "W-1",
            ["Reason"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var shown = await blank.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", shown, StringComparison.Ordinal);
        Assert.Contains("href=\"#reason-W-1\"", shown, StringComparison.Ordinal);

        var done = await supervisor.PostAsync("/Mash/ChildToNotice?handler=NotNeeded", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Incident"] = "W-1",
            ["Reason"] = "Child visiting; no concern (synthetic)",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        page = await supervisor.GetStringAsync(done.Headers.Location!.ToString());
        Assert.Contains("It is recorded that incident W-1 needs no notice.", page, StringComparison.Ordinal);
        Assert.Contains("1 incident(s)", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">W-1<", page, StringComparison.Ordinal);
        Assert.Contains("Child visiting; no concern (synthetic)", await supervisor.GetStringAsync("/Incidents/W-1"), StringComparison.Ordinal);

        // The MASH sees the queue but the decision is a supervisor's.
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var mashPage = await mash.GetStringAsync("/Mash/ChildToNotice");
        Assert.DoesNotContain("No notice needed", mashPage, StringComparison.Ordinal);
        var refused = await mash.PostAsync("/Mash/ChildToNotice?handler=NotNeeded", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Incident"] = "W-2",
            ["Reason"] = "not mine",
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(mashPage),
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(">W-2<", await supervisor.GetStringAsync("/Mash/ChildToNotice"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task LedgerRows_AlwaysEqualTheDomainsEvaluationOfTheEvents_ForRandomHistories(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var random = new Random(12);
        string[] grades = ["immediate", "priority", "scheduled", "resolution"];
        for (var n = 0; n < 25; n++)
        {
            var reference = $"R-{n}";
            var created = app.Now - Duration.FromMinutes(random.Next(0, 3000));
            var children = random.Next(3) > 0;
            await SendAsync(cc, HttpMethod.Post, "/api/incidents", new { reference, createdAt = created.ToString(), grade = grades[random.Next(4)], childrenInvolved = children }, HttpStatusCode.Created);
            var at = created;
            for (var step = 0; step < 6; step++)
            {
                at += Duration.FromMinutes(random.Next(1, 120));
                if (at > app.Now) break;
                object body = random.Next(7) switch
                {
                    0 => new { kind = "dispatched", at = at.ToString() },
                    1 => new { kind = "arrived", at = at.ToString() },
                    2 => new { kind = "regraded", at = at.ToString(), grade = grades[random.Next(4)], supervisor = "Insp A", reason = "synthetic" },
                    3 => new { kind = "child-linked", at = at.ToString(), childReference = $"C-{random.Next(5)}" },
                    4 => new { kind = "caller-updated", at = at.ToString() },
                    5 => new { kind = "closed", at = at.ToString() },
                    _ => new { kind = "dispatched", at = at.ToString() },
                };
                await cc.PostAsJsonAsync($"/api/incidents/{reference}/events", body); // refusals (closed, same grade) change nothing
            }
            if (children && random.Next(2) == 0)
                await officer.PostAsJsonAsync("/api/notices", Notice($"P-{n}", $"C-{random.Next(5)}", created, reference));
            app.AdvanceTime(Duration.FromMinutes(random.Next(0, 300)));
            await app.EscalateAsync();
            Assert.Empty(await app.LedgerDiffersFromDomainAsync(reference));
        }
    }
}
