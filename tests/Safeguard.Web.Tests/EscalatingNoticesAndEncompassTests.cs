using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class EscalatingNoticesAndEncompassTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private static Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object body, HttpStatusCode expected) =>
        HttpAssert.SendAsync(client, method, url, body, expected);

    private static JsonElement? Clock(JsonElement notice, string kind) =>
        notice.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == kind).Select(c => (JsonElement?)c).SingleOrDefault();

    private static Task<JsonElement> SubmitAsync(HttpClient officer, string reference, string child, string type, Instant occurred) =>
        SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference,
            childReference = child,
            type,
            officerRisk = "medium",
            occurredAt = occurred.ToString(),
            narrative = "Synthetic narrative",
        }, HttpStatusCode.Created);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task NoticeLeftUnreviewed_IsEscalatedOnceAtEachStep_AndIsInTheQueueAndTheReport(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SubmitAsync(officer, "PPN-10", "C-10", "child_concern", T - Duration.FromHours(1));

        app.AdvanceTime(Duration.FromHours(18)); // the warning at 75% of 24 hours
        Assert.Equal(1, await app.EscalateAsync());
        app.AdvanceTime(Duration.FromDays(10)); // ten days old and never reviewed
        Assert.Equal(2, await app.EscalateAsync());
        Assert.Equal(0, await app.EscalateAsync());
        var lines = await app.EscalationsAsync();
        Assert.Equal(
        [
            $"event PPN-10 mash-review clock: breach @{T + Duration.FromHours(24) + Duration.Epsilon}",
            $"event PPN-10 mash-review clock: breach+24h @{T + Duration.FromHours(48) + Duration.Epsilon}",
            $"event PPN-10 mash-review clock: warning @{T + Duration.FromHours(18)}",
            $"note PPN-10 mash MASH review due within 6 h @{T + Duration.FromHours(18)} ({T + Duration.FromHours(18)})",
            $"note PPN-10 mash-supervisor MASH review target missed @{T + Duration.FromHours(24) + Duration.Epsilon} ({app.Now})",
            $"note PPN-10 superintendent MASH review target missed 24 h ago and still not done @{T + Duration.FromHours(48) + Duration.Epsilon} ({app.Now})",
        ], lines);

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var queue = await mash.GetStringAsync("/Mash");
        Assert.Contains("/Notices/PPN-10", queue, StringComparison.Ordinal);
        Assert.Contains("Overdue", queue, StringComparison.Ordinal);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var notifications = await supervisor.GetStringAsync("/Notifications");
        Assert.Contains("MASH review target missed", notifications, StringComparison.Ordinal);
        Assert.Contains("href=\"/Notices/PPN-10\"", notifications, StringComparison.Ordinal); // the notice's page, not an incident's
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var report = JsonDocument.Parse(await analyst.GetStringAsync("/api/reports/performance?from=2024-01-01&to=2024-03-01")).RootElement;
        Assert.Equal(1, report.GetProperty("notices").GetProperty("review").GetProperty("notReviewed").GetInt32());

        // Reviewing it stops the chain; nothing more fires.
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-10/review",
            new { rag = "green", rationale = "Synthetic", decision = "no_further_action", riskChangeReason = "Synthetic reason" }, HttpStatusCode.OK);
        app.AdvanceTime(Duration.FromDays(3));
        Assert.Equal(0, await app.EscalateAsync());
    }

    [Fact]
    public async Task ConfiguredChain_ReplacesTheDefault()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Policy:Notices:Escalation:0:Name"] = "late",
            ["Policy:Notices:Escalation:0:Trigger"] = "Breach",
            ["Policy:Notices:Escalation:0:AfterMinutes"] = "120",
            ["Policy:Notices:Escalation:0:Recipient"] = "superintendent",
        });
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SubmitAsync(officer, "PPN-C", "C-C", "child_concern", T - Duration.FromHours(1));
        app.AdvanceTime(Duration.FromHours(25));
        Assert.Equal(0, await app.EscalateAsync()); // no warning step, and the only step is two hours after the breach
        app.AdvanceTime(Duration.FromHours(1) + Duration.FromMinutes(1));
        Assert.Equal(1, await app.EscalateAsync());
        Assert.Contains($"note PPN-C superintendent MASH review target missed 2 h ago and still not done @{T + Duration.FromHours(26) + Duration.Epsilon} ({app.Now})",
            await app.EscalationsAsync());
    }

    [Fact]
    public async Task TwoInstances_OnPostgres_EscalateEachNoticeStepExactlyOnce()
    {
        await using var first = await SafeguardApp.StartAsync(Provider.Postgres, settings: new Dictionary<string, string?> { ["Clocks:Engine:Enabled"] = "true" });
        await using var second = await first.StartAnotherInstanceAsync();
        using var officer = await first.CreateClientAsync(Roles.ResponseOfficer);
        for (var i = 0; i < 40; i++) await SubmitAsync(officer, $"TWO-{i:D2}", $"C-T{i}", "child_concern", T - Duration.FromHours(1));

        first.AdvanceTime(Duration.FromDays(2) + Duration.FromMinutes(1)); // past the warning, the breach and a day after it
        second.AdvanceTime(Duration.FromDays(2) + Duration.FromMinutes(1));
        await SafeguardApp.EventuallyAsync(async () => (await first.EscalationsAsync()).Count(l => l.StartsWith("note", StringComparison.Ordinal)) >= 120, "every step", 60);
        await Task.WhenAll(first.EscalateAsync(), second.EscalateAsync());
        var lines = await first.EscalationsAsync();
        Assert.Equal(120, lines.Count(l => l.StartsWith("note", StringComparison.Ordinal)));
        Assert.Equal(120, lines.Count(l => l.StartsWith("event", StringComparison.Ordinal)));
        Assert.Equal(lines.Count, lines.Distinct().Count());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task TwoReviewersAtOnce_OneWins_TheOtherIsToldToReadAgain(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SubmitAsync(officer, "PPN-RACE", "C-R", "child_concern", T - Duration.FromHours(1));
        using var a = await app.CreateClientAsync(Roles.MashPractitioner);
        using var b = await app.CreateClientAsync(Roles.MashPractitioner);
        var green = new { rag = "amber", rationale = "Synthetic", decision = "early_help", shareWith = new[] { "Health" } };
        var answers = await Task.WhenAll(a.PostAsJsonAsync("/api/notices/PPN-RACE/review", green), b.PostAsJsonAsync("/api/notices/PPN-RACE/review", green));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(r => r.StatusCode).Order());
        var notice = JsonDocument.Parse(await a.GetStringAsync("/api/notices/PPN-RACE")).RootElement;
        Assert.Equal("amber", notice.GetProperty("rag").GetString());
        Assert.Equal(1, (await app.RunCliAsync("audit", "show", "notice", "PPN-RACE")).Out.Split('\n').Count(l => l.Contains("\tAlteration\t", StringComparison.Ordinal)));
    }

    private static readonly Dictionary<string, string?> Terms = new()
    {
        ["Policy:Notices:SchoolTerms:0:First"] = "2024-01-08",
        ["Policy:Notices:SchoolTerms:0:Last"] = "2024-03-28",
        ["Policy:Notices:SchoolTerms:1:First"] = "2024-04-15",
        ["Policy:Notices:SchoolTerms:1:Last"] = "2024-07-23",
    };

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task DomesticAbuseWithASchoolAgeChild_StartsTheEncompassClock_ToTheNextSchoolDayOnTheTermCalendar(Provider provider)
    {
        // Thursday 28 March 2024, 21:00: the last day of the spring term; Easter and the holidays follow, and the clocks change.
        var now = Instant.FromUtc(2024, 3, 28, 21, 0);
        await using var app = await SafeguardApp.StartAsync(provider, now, Terms);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-9Y", new { dateOfBirth = "2014-05-01", school = "Northfield Primary" }, HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-3Y", new { dateOfBirth = "2021-01-01" }, HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-18Y", new { dateOfBirth = "2006-03-01" }, HttpStatusCode.Created);
        var occurred = now - Duration.FromHours(1);

        var nine = await SubmitAsync(officer, "DA-9", "C-9Y", "domestic_abuse", occurred);
        var encompass = Clock(nine, "encompass")!.Value;
        Assert.Equal("2024-04-15T08:00:00Z", encompass.GetProperty("due").GetString()); // 09:00 BST on the first day of the summer term
        Assert.Null(Clock(await SubmitAsync(officer, "DA-3", "C-3Y", "domestic_abuse", occurred), "encompass"));
        Assert.Null(Clock(await SubmitAsync(officer, "DA-18", "C-18Y", "domestic_abuse", occurred), "encompass"));
        Assert.Null(Clock(await SubmitAsync(officer, "CC-9", "C-9Y", "child_concern", occurred), "encompass"));
        // No date of birth: the school is owed the call unless the record shows otherwise.
        Assert.NotNull(Clock(await SubmitAsync(officer, "DA-UNKNOWN", "C-NEW", "domestic_abuse", occurred), "encompass"));
        Assert.NotNull(Clock(await SubmitAsync(officer, "DA-LATE", "C-LATE", "domestic_abuse", occurred), "encompass"));

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var conflict = await SendAsync(mash, HttpMethod.Post, "/api/notices/CC-9/school-notified", new { what = "x" }, HttpStatusCode.Conflict);
        Assert.Contains("domestic-abuse", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/DA-9/school-notified", new { what = "" }, HttpStatusCode.UnprocessableEntity);
        var told = await SendAsync(mash, HttpMethod.Post, "/api/notices/DA-9/school-notified",
            new { what = "Police attended a domestic incident at home last night; the child was present (synthetic)." }, HttpStatusCode.OK);
        Assert.Equal("met", Clock(told, "encompass")!.Value.GetProperty("state").GetString());
        var record = told.GetProperty("schoolNotification");
        Assert.Equal("Northfield Primary", record.GetProperty("school").GetString()); // from the child's record
        Assert.Contains("child was present", record.GetProperty("what").GetString(), StringComparison.Ordinal);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/DA-9/school-notified", new { what = "again" }, HttpStatusCode.Conflict);

        // A date of birth recorded later settles it: three years old, so no school to tell.
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-NEW", new { dateOfBirth = "2021-01-01" }, HttpStatusCode.OK);
        Assert.Null(Clock(JsonDocument.Parse(await mash.GetStringAsync("/api/notices/DA-UNKNOWN")).RootElement, "encompass"));

        // Unnotified past the deadline: the MASH supervisor hears of it.
        app.AdvanceTime(Instant.FromUtc(2024, 4, 15, 8, 1) - now);
        await app.EscalateAsync();
        var lines = await app.EscalationsAsync();
        Assert.Contains($"note DA-LATE mash-supervisor School told (Operation Encompass) target missed @{Instant.FromUtc(2024, 4, 15, 8, 0) + Duration.Epsilon} ({app.Now})", lines);
        Assert.DoesNotContain(lines, l => l.Contains("DA-9 encompass", StringComparison.Ordinal) || l.Contains("DA-UNKNOWN encompass", StringComparison.Ordinal));
    }
}
