using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;
using static Safeguard.Web.Tests.Infrastructure.HttpAssert;
using static Safeguard.Web.Tests.Records;

namespace Safeguard.Web.Tests;

/// <summary>What the tests of this file share.</summary>
internal static class Records
{
    /// <summary>An officer's notice about a child (a child concern), submitted through the API.</summary>
    public static Task<JsonElement> SubmitNoticeAsync(HttpClient officer, string reference, string child, string risk, Instant occurredAt, string narrative) =>
        SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference,
            childReference = child,
            type = "child_concern",
            officerRisk = risk,
            occurredAt = occurredAt.ToString(),
            narrative,
        }, HttpStatusCode.Created);
}

/// <summary>Two records made for one child are merged into one, and the counts they split come together.</summary>
public class MergingDuplicateChildrenTests
{
    private static async Task ReportMissingAsync(HttpClient client, string reference, string child, Instant at) =>
        await SendAsync(client, HttpMethod.Post, "/api/missing", new { reference, childReference = child, reportedAt = at.ToString(), risk = "medium", district = "North" },
            HttpStatusCode.Created);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ADuplicateMerged_BringsItsEpisodesNoticesAndIncidents_AndTheRepeatMissingFlag_AndItsReferenceNamesTheKeptChildFromThenOn(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var t = app.Now;
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-KEEP", new { name = "Sam Example", dateOfBirth = "2012-03-04" }, HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-DUP", new { name = "Samuel Example", school = "Hill Primary", lookedAfter = true }, HttpStatusCode.Created);
        // Three episodes in a month, split over the two records: neither shows the child going missing again and again.
        await ReportMissingAsync(coordinator, "MIS-M-1", "CH-KEEP", t - Duration.FromDays(20));
        await ReportMissingAsync(coordinator, "MIS-M-2", "CH-DUP", t - Duration.FromDays(10));
        await ReportMissingAsync(coordinator, "MIS-M-3", "CH-KEEP", t - Duration.FromDays(2));
        await SendAsync(cc, HttpMethod.Post, "/api/incidents", new
        {
            reference = "INC-M-1",
            createdAt = (t - Duration.FromHours(3)).ToString(),
            grade = "priority",
            childrenInvolved = true,
            district = "North",
            childReferences = new[] { "CH-DUP" },
        }, HttpStatusCode.Created);
        Assert.Null(await app.RepeatMissingSinceAsync("CH-KEEP"));
        Assert.Null(await app.RepeatMissingSinceAsync("CH-DUP"));

        // Refused, changing nothing: no reason, the same record, a record that does not exist, anyone but the data-protection function.
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-DUP", "--into", "CH-KEEP", "--reason", " ")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-DUP", "--into", "ch-dup", "--reason", "x")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-DUP", "--into", "CH-NONE", "--reason", "x")).ExitCode);
        using var supervisor = await app.CreateClientAsync(Roles.Supervisor);
        var page = await supervisor.GetStringAsync("/Children/CH-DUP");
        Assert.DoesNotContain("Merge this record", page, StringComparison.Ordinal);
        var sneaked = await supervisor.PostAsync("/Children/CH-DUP?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["MergeInto"] = "CH-KEEP",
            ["MergeReason"] = "x",
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page),
        }));
        Assert.Contains("/Account/Denied", sneaked.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Null(await app.RepeatMissingSinceAsync("CH-KEEP"));

        // The data-protection function merges on the duplicate's page (a record that does not exist, or an invisible reason, is said on the form).
        using var admin = await app.CreateClientAsync(Roles.Administrator);
        var form = await admin.GetStringAsync("/Children/CH-DUP");
        foreach (var (into, reason, said) in new[] { ("CH-NONE", "A reason", "No child has the reference to merge into."), ("CH-KEEP", "\u200b", "Say why the records are the same child") })
        {
            var refused = await admin.PostAsync("/Children/CH-DUP?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["MergeInto"] = into,
                ["MergeReason"] = reason,
                ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(form),
            }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(said, System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        var merged = await admin.PostAsync("/Children/CH-DUP?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["MergeInto"] = "ch-keep",
            ["MergeReason"] = "Same name, date of birth and address; confirmed with CSC (synthetic)",
            ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Contains("merged into", await admin.GetStringAsync(merged.Headers.Location!.OriginalString), StringComparison.Ordinal);

        Assert.NotNull(await app.RepeatMissingSinceAsync("CH-KEEP"));
        Assert.Null(await app.RepeatMissingSinceAsync("CH-DUP"));
        var kept = await OkAsync<JsonElement>(await officer.GetAsync("/api/children/CH-KEEP"));
        var details = kept.GetProperty("details");
        Assert.Equal("Sam Example", details.GetProperty("name").GetString()); // the kept record's own details win
        Assert.Equal("Hill Primary", details.GetProperty("school").GetString()); // what only the duplicate had comes across
        Assert.True(details.GetProperty("lookedAfter").GetBoolean());
        var chronology = kept.GetProperty("chronology").EnumerateArray().Select(e => e.GetProperty("reference").GetString()).ToHashSet();
        Assert.Contains("MIS-M-2", chronology);
        Assert.Contains("INC-M-1", chronology);
        Assert.Contains("CH-DUP", chronology); // the duplicate's own history
        Assert.Contains(kept.GetProperty("open").EnumerateArray(), o => o.GetProperty("reference").GetString() == "INC-M-1");
        Assert.Empty(await app.LedgerDiffersFromDomainAsync("INC-M-1"));
        // The incident that names the duplicate shows the kept child, flagged as going missing again and again.
        var named = Assert.Single((await OkAsync<JsonElement>(await cc.GetAsync("/api/incidents/INC-M-1"))).GetProperty("children").EnumerateArray());
        Assert.Equal("CH-KEEP", named.GetProperty("reference").GetString());
        Assert.True(named.GetProperty("flags").GetProperty("repeatMissing").GetBoolean());
        // Seeing the child on the incident that names the duplicate, under either reference, stops its clock there.
        await SendAsync(officer, HttpMethod.Post, "/api/children/CH-KEEP/contacts", new
        {
            at = (t - Duration.FromHours(1)).ToString(),
            incidentReference = "INC-M-1",
            seen = true,
            seenBy = "PC 9",
            spokenToAlone = true,
            said = "I am fine",
        }, HttpStatusCode.Created);
        Assert.Contains("child-seen/0 met", await app.LedgerAsync("INC-M-1"));
        Assert.Empty(await app.LedgerDiffersFromDomainAsync("INC-M-1"));
        Assert.Equal("CH-KEEP", (await OkAsync<JsonElement>(await coordinator.GetAsync("/api/missing/MIS-M-2"))).GetProperty("childReference").GetString());

        // From now on the duplicate's reference is the kept child's: a new notice naming it lands there.
        await SubmitNoticeAsync(officer, "PPN-M-1", "CH-DUP", "medium", t, "Seen at the station");
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        Assert.Equal("CH-KEEP", (await OkAsync<JsonElement>(await mash.GetAsync("/api/notices/PPN-M-1"))).GetProperty("childReference").GetString());
        // The duplicate itself says where its records went, and takes nothing new of its own.
        var dup = await OkAsync<JsonElement>(await officer.GetAsync("/api/children/CH-DUP"));
        Assert.Equal("CH-KEEP", dup.GetProperty("mergedInto").GetString());
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-DUP", new { name = "Again" }, HttpStatusCode.Conflict);
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-DUP", "--into", "CH-KEEP", "--reason", "again")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-KEEP", "--into", "CH-DUP", "--reason", "backwards")).ExitCode);

        var log = (await app.RunCliAsync("audit", "show", "child", "CH-DUP")).Out;
        Assert.Contains("\tCombination\t", log, StringComparison.Ordinal);
        Assert.Contains("Same name, date of birth and address", log, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync("audit", "verify")).ExitCode);
    }
}

/// <summary>A record restricted on a data-protection request is kept but neither shown nor changed, while what protects the child goes on.</summary>
public class RestrictingAChildsRecordTests
{
    [Fact]
    public async Task ARestrictedRecord_IsWithheldFromEveryoneButTheDataProtectionFunction_AndUnchangeable_UntilLifted()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-R", new { name = "Alex Restricted" }, HttpStatusCode.Created);
        using var admin = await app.CreateClientAsync(Roles.Administrator);

        async Task<HttpResponseMessage> PostAsync(string handler, string reason)
        {
            var page = await admin.GetStringAsync("/Children/CH-R");
            return await admin.PostAsync($"/Children/CH-R?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["RestrictionReason"] = reason,
                ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page),
            }));
        }

        var blank = await PostAsync("Restrict", "");
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var said = await blank.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#restrict-reason\">Say why the record is restricted", said, StringComparison.Ordinal);
        Assert.Contains("Alex Restricted", await officer.GetStringAsync("/Children/CH-R"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Restrict", "Accuracy dispute DP-77 (synthetic)")).StatusCode);

        var withheld = await officer.GetStringAsync("/Children/CH-R");
        Assert.Contains("This record is restricted", withheld, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Restricted", withheld, StringComparison.Ordinal);
        var api = await officer.GetAsync("/api/children/CH-R");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.DoesNotContain("Alex", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-R", new { school = "Changed" }, HttpStatusCode.Conflict);
        // What protects the child goes on: a new notice about them is recorded and owes its review; seeing the child is recorded.
        await SendAsync(officer, HttpMethod.Post, "/api/children/CH-R/contacts", new { at = app.Now.ToString(), seen = false, reasonNotSeen = "Out" }, HttpStatusCode.Accepted);
        await SubmitNoticeAsync(officer, "PPN-R-1", "CH-R", "high", app.Now, "Found alone at night");
        Assert.Contains("mash-review/0 open", await app.LedgerAsync("PPN-R-1"));

        // The data-protection function still reads it, marked, without forms to change it; and lifts it.
        var shown = await admin.GetStringAsync("/Children/CH-R");
        Assert.Contains("Alex Restricted", shown, StringComparison.Ordinal);
        Assert.Contains("Restricted since", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Details", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("Restrict", "again")).StatusCode); // already restricted
        Assert.Equal(2, (await app.RunCliAsync("children", "merge", "CH-R", "--into", "CH-OTHER", "--reason", "x")).ExitCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Lift", "Dispute DP-77 settled (synthetic)")).StatusCode);
        Assert.Contains("Alex Restricted", await officer.GetStringAsync("/Children/CH-R"), StringComparison.Ordinal);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-R", new { school = "Changed" }, HttpStatusCode.OK);

        var log = (await app.RunCliAsync("audit", "show", "child", "CH-R")).Out;
        Assert.Contains("restricted: Accuracy dispute DP-77 (synthetic)", log, StringComparison.Ordinal);
        Assert.Contains("restriction lifted: Dispute DP-77 settled (synthetic)", log, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("children", "lift-restriction", "CH-R", "--reason", "not restricted now")).ExitCode);
    }
}

/// <summary>Every record carries its retention review date from the groups; what is due is reviewed — kept with a reason, or erased.</summary>
public class ReviewingRetentionTests
{
    private static Task<(string? Group, LocalDate? ReviewOn)> RetentionOfAsync(SafeguardApp app, string reference) => app.WithServices(async sp =>
    {
        var s = await sp.GetRequiredService<AppDbContext>().Subjects.AsNoTracking().SingleAsync(x => x.Reference == reference);
        return (s.RetentionGroup, s.ReviewOn);
    });

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task EachRecordsReviewDate_ComesFromItsGroup_AndAChildIsReviewedNoEarlierThanTheirRecords(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var t = app.Now;
        var today = t.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents", new { reference = "INC-RT-1", createdAt = t.ToString(), grade = "priority", childrenInvolved = false, district = "North" },
            HttpStatusCode.Created);
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-RT-1", new { name = "Jo" }, HttpStatusCode.Created);
        await SubmitNoticeAsync(officer, "PPN-RT-1", "CH-RT-1", "medium", t, "x");
        await SendAsync(officer, HttpMethod.Put, "/api/children/CH-RT-2", new { name = "Kit", childProtectionPlan = true }, HttpStatusCode.Created);
        await SubmitNoticeAsync(officer, "PPN-RT-2", "CH-RT-2", "medium", t, "y");

        Assert.Equal(("calls-for-service", today.PlusYears(6)), await RetentionOfAsync(app, "INC-RT-1"));
        Assert.Equal(("safeguarding", today.PlusYears(6)), await RetentionOfAsync(app, "PPN-RT-1"));
        Assert.Equal(("safeguarding", today.PlusYears(6)), await RetentionOfAsync(app, "CH-RT-1"));
        // A child with a child-protection plan, and every record about them, is public protection: ten years.
        Assert.Equal(("public-protection", today.PlusYears(10)), await RetentionOfAsync(app, "PPN-RT-2"));
        Assert.Equal(("public-protection", today.PlusYears(10)), await RetentionOfAsync(app, "CH-RT-2"));

        // A notice the MASH referred to a strategy discussion is public protection.
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        await SendAsync(mash, HttpMethod.Post, "/api/notices/PPN-RT-1/review", new { rag = "amber", rationale = "Concerns", decision = "strategy_discussion", shareWith = new[] { "CSC" } },
            HttpStatusCode.OK);
        Assert.Equal(("public-protection", today.PlusYears(10)), await RetentionOfAsync(app, "PPN-RT-1"));

        // A year on, a high-risk notice about the first child: the notice is public protection, and the child is reviewed no earlier than it.
        app.AdvanceTime(Duration.FromDays(365));
        await SubmitNoticeAsync(officer, "PPN-RT-3", "CH-RT-1", "high", app.Now, "z");
        var later = app.Now.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        Assert.Equal(("public-protection", later.PlusYears(10)), await RetentionOfAsync(app, "PPN-RT-3"));
        Assert.Equal(later.PlusYears(10), (await RetentionOfAsync(app, "CH-RT-1")).ReviewOn);

        // The force changes its groups (calls for service after two years) and applies them to every record.
        var changed = new Dictionary<string, string?>
        {
            ["Retention:Groups:0:Name"] = "everything-safeguarding",
            ["Retention:Groups:0:ReviewAfterYears"] = "8",
            ["Retention:Groups:0:Kinds:0"] = "child",
            ["Retention:Groups:0:Kinds:1"] = "notice",
            ["Retention:Groups:0:Kinds:2"] = "missing",
            ["Retention:Groups:1:Name"] = "calls",
            ["Retention:Groups:1:ReviewAfterYears"] = "2",
            ["Retention:Groups:1:Kinds:0"] = "incident",
        };
        var applied = await app.RunCliAsync(["retention", "apply"], terminal: false, settings: changed);
        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal(("calls", today.PlusYears(2)), await RetentionOfAsync(app, "INC-RT-1"));
        Assert.Equal(("everything-safeguarding", later.PlusYears(8)), await RetentionOfAsync(app, "CH-RT-1"));
        // Groups that leave some record in none are refused, naming the problem.
        var broken = new Dictionary<string, string?>(changed) { ["Retention:Groups:1:Kinds:0"] = "notice" };
        var refused = await app.RunCliAsync(["retention", "due"], terminal: false, settings: broken);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("No retention group holds every incident record", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task RecordsFromBeforeReviewDatesWereKept_AreGivenTheirsWhenTheApplicationStarts(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await SubmitNoticeAsync(officer, "PPN-OLD-1", "CH-OLD-1", "high", app.Now, "x");
        var expected = await RetentionOfAsync(app, "PPN-OLD-1");
        var child = await RetentionOfAsync(app, "CH-OLD-1");
        Assert.Equal(expected.ReviewOn, child.ReviewOn); // reviewed no earlier than the notice about them
        await app.ExecuteSqlAsync("UPDATE subjects SET \"ReviewOn\" = NULL, \"RetentionGroup\" = NULL, \"LastActivityAt\" = NULL");
        await using var upgraded = await app.StartAnotherInstanceAsync();
        Assert.Equal(expected, await RetentionOfAsync(upgraded, "PPN-OLD-1"));
        Assert.Equal(child, await RetentionOfAsync(upgraded, "CH-OLD-1"));
    }

    [Fact]
    public async Task WhatIsDue_IsListedLongestDueFirst_AndEachIsKeptWithAReasonOrErased()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await SendAsync(cc, HttpMethod.Post, "/api/incidents", new { reference = "INC-DUE-1", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = false, district = "North" },
            HttpStatusCode.Created);
        app.AdvanceTime(Duration.FromDays(30));
        await SubmitNoticeAsync(officer, "PPN-DUE-1", "CH-DUE-1", "medium", app.Now, "Narrative to dispose of");
        using var admin = await app.CreateClientAsync(Roles.Administrator);
        Assert.Contains("0 record(s) due", await admin.GetStringAsync("/Admin/Retention"), StringComparison.Ordinal);
        using var supervisor = await app.CreateClientAsync(Roles.Supervisor);
        Assert.NotEqual(HttpStatusCode.OK, (await supervisor.GetAsync("/Admin/Retention")).StatusCode);

        // Six years and a little on, the three are due: the incident first (it was first).
        app.AdvanceTime(Duration.FromDays(6 * 366));
        var page = await admin.GetStringAsync("/Admin/Retention");
        Assert.Contains("3 record(s) due", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("INC-DUE-1", StringComparison.Ordinal) < page.IndexOf("PPN-DUE-1", StringComparison.Ordinal));
        Assert.Contains("incident\tINC-DUE-1\tcalls-for-service", (await app.RunCliAsync("retention", "due")).Out, StringComparison.Ordinal);

        async Task<HttpResponseMessage> DecideAsync(string handler, string kind, string reference, string reason)
        {
            var form = await admin.GetStringAsync("/Admin/Retention");
            return await admin.PostAsync($"/Admin/Retention?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["kind"] = kind,
                ["reference"] = reference,
                ["Reason"] = reason,
                ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(form),
            }));
        }

        // A record not yet due is not erased under the review's name; an invisible reason is no reason.
        await SubmitNoticeAsync(officer, "PPN-FRESH-1", "CH-FRESH-1", "medium", app.Now, "Too new to dispose of");
        var notDue = await DecideAsync("Erase", "notice", "PPN-FRESH-1", "Not needed");
        Assert.Equal(HttpStatusCode.BadRequest, notDue.StatusCode);
        Assert.Contains("is not due for review until", await notDue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1L, await app.ScalarAsync("SELECT COUNT(*) FROM events WHERE \"Data\" LIKE '%Too new to dispose of%'"));
        Assert.Equal(2, (await app.RunCliAsync("retention", "erase", "notice", "PPN-FRESH-1", "--reason", "Not needed")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("children", "erase", "CH-FRESH-1", "--reason", "\u200b")).ExitCode);
        var noReason = await DecideAsync("Keep", "incident", "INC-DUE-1", "\u200b \u2060");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why the record is kept", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync("Keep", "incident", "INC-DUE-1", "Linked to an open investigation (synthetic)")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync("Erase", "notice", "PPN-DUE-1", "No longer needed for a policing purpose (synthetic)")).StatusCode);

        page = await admin.GetStringAsync("/Admin/Retention");
        Assert.Contains("1 record(s) due", page, StringComparison.Ordinal);
        Assert.Contains("CH-DUE-1", page, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync("SELECT COUNT(*) FROM events WHERE \"Data\" LIKE '%Narrative to dispose of%'"));
        Assert.Contains("retention review, kept: Linked to an open investigation", (await app.RunCliAsync("audit", "show", "incident", "INC-DUE-1")).Out, StringComparison.Ordinal);
        Assert.Contains("\tErasure\t", (await app.RunCliAsync("audit", "show", "notice", "PPN-DUE-1")).Out, StringComparison.Ordinal);
        // Kept, the incident is next due a whole period from today.
        var next = (await app.RunCliAsync("retention", "due", "--on", app.Now.InUtc().Date.PlusYears(6).ToString("yyyy-MM-dd", null), "--kind", "incident")).Out;
        Assert.Contains("INC-DUE-1", next, StringComparison.Ordinal);
        Assert.DoesNotContain("INC-DUE-1", (await app.RunCliAsync("retention", "due", "--kind", "incident")).Out, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("retention", "due", "--on", "9999-01-01")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("retention", "keep", "incident", "INC-NONE", "--reason", "x")).ExitCode);
    }
}
