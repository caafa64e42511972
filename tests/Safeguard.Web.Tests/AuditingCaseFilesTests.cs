using System.Net;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// Case-file audits as an auditor works them: a stratified sample drawn twice gives the same cases in proportion to the
/// areas, checked against an independent SHA-256 ordering; restricted children's records are never drawn; an audit is
/// recorded by form with every question answered, moderated only by a second auditor, and summarised.
/// </summary>
public class AuditingCaseFilesTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 2, 20, 12, 0);

    private const string Notices = "reference,child_reference,type,officer_risk,occurred_at,submitted_at\n"
        + "N-DA1,C-1,domestic_abuse,medium,2024-01-03T10:00:00Z,2024-01-03T12:00:00Z\n"
        + "N-DA2,C-2,domestic_abuse,medium,2024-01-04T10:00:00Z,2024-01-04T12:00:00Z\n"
        + "N-DA3,C-3,domestic_abuse,high,2024-01-05T10:00:00Z,2024-01-05T12:00:00Z\n"
        + "N-DA4,C-4,domestic_abuse,standard,2024-01-06T10:00:00Z,2024-01-06T12:00:00Z\n"
        + "N-MI1,C-5,missing,medium,2024-01-07T10:00:00Z,2024-01-07T12:00:00Z\n"
        + "N-MI2,C-6,missing,medium,2024-01-08T10:00:00Z,2024-01-08T12:00:00Z\n"
        + "N-EX1,C-7,exploitation,high,2024-01-09T10:00:00Z,2024-01-09T12:00:00Z\n"
        + "N-ON1,C-8,online_abuse,medium,2024-01-10T10:00:00Z,2024-01-10T12:00:00Z\n"
        + "N-CC1,C-9,child_concern,standard,2024-01-11T10:00:00Z,2024-01-11T12:00:00Z\n"
        + "N-CC2,C-10,other,standard,2024-01-12T10:00:00Z,2024-01-12T12:00:00Z\n"
        + "N-RS1,C-RESTRICTED,child_concern,standard,2024-01-13T10:00:00Z,2024-01-13T12:00:00Z\n"
        + "N-OUT,C-11,domestic_abuse,medium,2024-02-03T10:00:00Z,2024-02-03T12:00:00Z\n";

    private const string Episodes = "reference,child_reference,reported_at,risk\n"
        + "M-1,C-20,2024-01-14T10:00:00Z,medium\nM-2,C-21,2024-01-15T10:00:00Z,high\nM-3,C-22,2024-01-16T10:00:00Z,low\n";

    private static string Incidents()
    {
        var sb = new StringBuilder("reference,created_at,grade,children_involved\n");
        for (var i = 1; i <= 10; i++) sb.Append(FormattableString.Invariant($"I-{i:D2},2024-01-{i + 10:D2}T09:00:00Z,priority,yes\n"));
        sb.Append("I-ADULT,2024-01-20T09:00:00Z,priority,no\n");
        return sb.ToString();
    }

    private static async Task SeedAsync(SafeguardApp app)
    {
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("import", "missing", app.WriteFile(Episodes))).ExitCode);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents())).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("children", "restrict", "C-RESTRICTED", "--reason", "Art. 18 request (synthetic)")).ExitCode);
    }

    /// <summary>The cases of a sample as the command prints them: area, kind and reference per line.</summary>
    private static List<(string Area, string Kind, string Reference)> Cases(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(f => f.Length >= 4).Select(f => (f[1], f[2], f[3]))];

    private static string DrawKey(long seed, string kind, string reference) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{kind}:{reference}")));

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ASample_DrawnTwice_IsTheSame_InProportion_AndLeavesOutRestrictedChildren(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, now: T);
        await SeedAsync(app);

        var first = await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "8", "--seed", "7");
        var second = await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "8", "--seed", "7");
        Assert.Equal(0, first.ExitCode);
        var drawn = Cases(first.Out);
        Assert.Equal(drawn, Cases(second.Out));
        Assert.StartsWith("sample 1: 8 cases", first.Out, StringComparison.Ordinal);
        Assert.StartsWith("sample 2: 8 cases", second.Out, StringComparison.Ordinal);

        // 23 cases (the restricted child's notice, February's and the adult incident left out): domestic abuse 4, missing 5
        // (2 notices, 3 episodes), exploitation 1, online abuse 1, child concern 2, initial response 10. Quotas of 8: 1.39,
        // 1.74, 0.35, 0.35, 0.70, 3.48 → floors with at least one each: 1, 1, 1, 1, 1, 3 = 8.
        var byArea = drawn.GroupBy(c => c.Area).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["domestic-abuse"] = 1,
            ["missing"] = 1,
            ["exploitation"] = 1,
            ["online-abuse"] = 1,
            ["child-concern"] = 1,
            ["initial-response"] = 3,
        }, byArea);
        // Within an area, the cases whose SHA-256 of "seed:kind:reference" comes first.
        var incidents = Enumerable.Range(1, 10).Select(i => $"I-{i:D2}").OrderBy(r => DrawKey(7, "incident", r), StringComparer.Ordinal).Take(3).ToList();
        Assert.Equal(incidents, drawn.Where(c => c.Area == "initial-response").Select(c => c.Reference).ToList());
        string[] missing = ["N-MI1", "N-MI2", "M-1", "M-2", "M-3"];
        var expectedMissing = missing.OrderBy(r => DrawKey(7, r.StartsWith("N-", StringComparison.Ordinal) ? "notice" : "missing", r), StringComparer.Ordinal).First();
        Assert.Equal(expectedMissing, drawn.Single(c => c.Area == "missing").Reference);

        // Another seed draws differently; a size as large as the period takes every case but the restricted child's.
        var other = Cases((await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "8", "--seed", "8")).Out);
        Assert.NotEqual(drawn, other);
        var all = Cases((await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "100", "--seed", "1")).Out);
        Assert.Equal(23, all.Count);
        Assert.DoesNotContain(all, c => c.Reference is "N-RS1" or "N-OUT" or "I-ADULT");

        // Too small to take one from each area, or a period with nothing in it: refused, nothing drawn.
        var small = await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "5", "--seed", "7");
        Assert.Equal(2, small.ExitCode);
        Assert.Contains("at least 6", small.Error, StringComparison.Ordinal);
        var empty = await app.RunCliAsync("audits", "sample", "--from", "2023-01-01", "--to", "2023-02-01", "--size", "5", "--seed", "7");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("No cases began", empty.Error, StringComparison.Ordinal);
        Assert.Contains("sample 4:", (await app.RunCliAsync("audits", "show", "4")).Out, StringComparison.Ordinal);
        Assert.Equal(2, (await app.RunCliAsync("audits", "show", "5")).ExitCode);
    }

    [Fact]
    public async Task ACaseDrawnInTwoSamples_CountsOnce_ByItsLatestAudit()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T);
        await SeedAsync(app);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        for (var sample = 1; sample <= 2; sample++)
        {
            Assert.Equal(0, (await app.RunCliAsync("audits", "sample", "--from", "2024-01-01", "--to", "2024-02-01", "--size", "8", "--seed", "7")).ExitCode);
            var answers = Answers();
            answers["version"] = "0";
            answers["grade"] = sample == 1 ? "inadequate" : "good";
            // The first case of each sample is the same case.
            var id = sample == 1 ? 1 : 9;
            Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(supervisor, $"/Inspection/Audits/Case?id={id}", "Record", answers)).StatusCode);
        }
        var results = (await app.RunCliAsync("audits", "results")).Out;
        Assert.Contains("1 case: 1 good, 0 requires improvement, 0 inadequate", results, StringComparison.Ordinal);
        Assert.Contains("awaiting audit: 7", results, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Answers(string except = "")
    {
        var fields = new Dictionary<string, string>();
        foreach (var key in new[] { "initial-response", "risk-assessment", "voice-of-the-child", "ppn-quality", "information-sharing", "supervision" })
        {
            fields["rating-" + key] = key == "ppn-quality" ? "not-applicable" : "partly-met";
            if (key != except && key != "ppn-quality") fields["evidence-" + key] = "Seen in the record: =SUM(1+1) (synthetic)";
        }
        fields["grade"] = "requires-improvement";
        fields["reasons"] = "Child not seen for two days (synthetic)";
        return fields;
    }

    [Fact]
    public async Task AnAudit_IsRecordedByForm_ModeratedByASecondAuditor_AndSummarised()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T);
        await SeedAsync(app);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        using var inspector = await app.CreateSignedInClientAsync(Roles.Inspector);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);

        // Drawing by the page: every field checked at once, in plain words, nothing drawn.
        var bad = await SafeguardApp.PostFormAsync(supervisor, "/Inspection/Audits", "Draw", new() { ["from"] = "2024-13-01", ["to"] = "", ["size"] = "lots", ["seed"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("<title>Error: ", badPage, StringComparison.Ordinal);
        foreach (var message in new[] { "Enter a real date as year-month-day", "Enter the day after the last day", "The sample size must be a whole number", "Enter the seed" })
            Assert.Contains(message, badPage, StringComparison.Ordinal);
        Assert.Contains("value=\"lots\"", badPage, StringComparison.Ordinal);
        var analystDraws = await SafeguardApp.PostFormAsync(analyst, "/Inspection/Audits", "Draw", new() { ["from"] = "2024-01-01", ["to"] = "2024-02-01", ["size"] = "8", ["seed"] = "7" });
        HttpAssert.Denied(analystDraws);

        var drawn = await SafeguardApp.PostFormAsync(supervisor, "/Inspection/Audits", "Draw", new() { ["from"] = "2024-01-01", ["to"] = "2024-02-01", ["size"] = "8", ["seed"] = "7" });
        Assert.Equal(HttpStatusCode.Redirect, drawn.StatusCode);
        Assert.Equal("/Inspection/Audits/Sample?id=1", drawn.Headers.Location!.OriginalString);
        var sample = await supervisor.GetStringAsync("/Inspection/Audits/Sample?id=1");
        Assert.Contains("/Inspection/Audits/Case?id=1", sample, StringComparison.Ordinal);
        // The analyst reads the sample but not a case's audit (its evidence notes are about the record).
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/Inspection/Audits/Sample?id=1")).StatusCode);
        HttpAssert.Denied(await analyst.GetAsync("/Inspection/Audits/Case?id=1"));

        const string url = "/Inspection/Audits/Case?id=1";
        var missingEvidence = Answers(except: "risk-assessment");
        missingEvidence["version"] = "0";
        var refused = await SafeguardApp.PostFormAsync(supervisor, url, "Record", missingEvidence);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Enter the evidence for risk assessment", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Child not seen for two days (synthetic)", refusedPage, StringComparison.Ordinal);
        Assert.Contains("To audit", await supervisor.GetStringAsync(url), StringComparison.Ordinal);

        var answers = Answers();
        answers["version"] = "0";
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(supervisor, url, "Record", answers)).StatusCode);
        var audited = await supervisor.GetStringAsync(url);
        Assert.Contains("Audited, awaiting moderation", audited, StringComparison.Ordinal);
        Assert.Contains("A second auditor moderates a case: you audited this one.", audited, StringComparison.Ordinal);
        // A form opened before that save is refused, not silently overwritten.
        var stale = Answers();
        stale["version"] = "0";
        var conflict = await SafeguardApp.PostFormAsync(supervisor, url, "Record", stale);
        Assert.Contains("Someone else saved this case since you opened it", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another auditor does not overwrite the audit: they moderate it.
        var other = Answers();
        other["version"] = "1";
        other["grade"] = "good";
        var overwritten = await SafeguardApp.PostFormAsync(inspector, url, "Record", other);
        Assert.Equal(HttpStatusCode.BadRequest, overwritten.StatusCode);
        Assert.Contains("audited this case: as a second auditor, moderate it", await overwritten.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE \"Action\" = 'Collection' AND \"Subject\" = 'notice' AND \"Reference\" = '" + Cases((await app.RunCliAsync("audits", "show", "1")).Out)[0].Reference + "'"));

        var own = await SafeguardApp.PostFormAsync(supervisor, url, "Moderate", new() { ["version"] = "1", ["moderated-grade"] = "requires-improvement" });
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("you audited this one", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await SafeguardApp.PostFormAsync(inspector, url, "Moderate", new() { ["version"] = "1", ["moderated-grade"] = "inadequate" });
        Assert.Contains("Enter why the grade changes", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(inspector, url, "Moderate",
            new() { ["version"] = "1", ["moderated-grade"] = "inadequate", ["moderation-note"] = "The risk was never reassessed (synthetic)" })).StatusCode);
        var moderated = await inspector.GetStringAsync(url);
        Assert.Contains("Grade that stands", moderated, StringComparison.Ordinal);
        Assert.Contains("inadequate, moderated", moderated, StringComparison.Ordinal);
        Assert.DoesNotContain("Save the audit", moderated, StringComparison.Ordinal);

        var results = await app.RunCliAsync("audits", "results");
        Assert.Contains("1 case: 0 good, 0 requires improvement, 1 inadequate", results.Out, StringComparison.Ordinal);
        Assert.Contains("moderated: 1 (1 with the grade changed); awaiting audit: 7", results.Out, StringComparison.Ordinal);
        Assert.Contains("1 case: 0 good, 0 requires improvement, 1 inadequate", await analyst.GetStringAsync("/Inspection/Audits"), StringComparison.Ordinal);
        var february = await app.RunCliAsync("audits", "results", "--from", "2024-02-01", "--to", "2024-03-01");
        Assert.Contains("0 cases: 0 good", february.Out, StringComparison.Ordinal);

        // Erasing the child erases what the auditors wrote about their notice; the grade stays in the figures.
        var first = Cases((await app.RunCliAsync("audits", "show", "1")).Out)[0];
        Assert.Equal(("domestic-abuse", "notice"), (first.Area, first.Kind));
        var child = Notices.Split('\n').Single(l => l.StartsWith(first.Reference + ",", StringComparison.Ordinal)).Split(',')[1];
        Assert.Equal(0, (await app.RunCliAsync("children", "erase", child, "--reason", "Erasure request upheld (synthetic)")).ExitCode);
        var erased = await inspector.GetStringAsync(url);
        Assert.DoesNotContain("Seen in the record", erased, StringComparison.Ordinal);
        Assert.DoesNotContain("two days", erased, StringComparison.Ordinal);
        Assert.DoesNotContain("never reassessed", erased, StringComparison.Ordinal);
        Assert.Contains("what the auditors wrote about it is withheld", erased, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync("SELECT COUNT(*) FROM case_audits WHERE \"Reasons\" LIKE '%two days%' OR \"ModerationNote\" LIKE '%reassessed%' OR \"Answers\" LIKE '%Seen in the record%'"));
        Assert.Contains("1 case: 0 good, 0 requires improvement, 1 inadequate", (await app.RunCliAsync("audits", "results")).Out, StringComparison.Ordinal);

        // A child restricted after the draw: their case is audited no more, and nothing is saved.
        var second = Cases((await app.RunCliAsync("audits", "show", "1")).Out)[1];
        var restrictedChild = second.Kind == "notice" ? Notices.Split('\n').Single(l => l.StartsWith(second.Reference + ",", StringComparison.Ordinal)).Split(',')[1]
            : second.Kind == "missing" ? Episodes.Split('\n').Single(l => l.StartsWith(second.Reference + ",", StringComparison.Ordinal)).Split(',')[1] : null;
        Assert.NotNull(restrictedChild);
        Assert.Equal(0, (await app.RunCliAsync("children", "restrict", restrictedChild, "--reason", "Art. 18 request (synthetic)")).ExitCode);
        var late = Answers();
        late["version"] = "0";
        var refusedRestricted = await SafeguardApp.PostFormAsync(supervisor, "/Inspection/Audits/Case?id=2", "Record", late);
        Assert.Equal(HttpStatusCode.BadRequest, refusedRestricted.StatusCode);
        Assert.Contains("restricted or erased since it was drawn", await refusedRestricted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("awaiting audit: 7", (await app.RunCliAsync("audits", "results")).Out, StringComparison.Ordinal);
    }
}
