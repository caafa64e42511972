using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>DPA 2018 s.62: who consulted, collected, altered or disclosed what, when and why — append-only and tamper-evident.</summary>
public class LoggingUseOfPersonalDataTests
{
    private static readonly Instant T = SafeguardApp.DefaultNow;

    private const string Notices = "reference,child_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag,shared_at,shared_with\n"
        + "A-1,C-1,child_concern,medium,2024-01-10T10:00:00Z,2024-01-10T12:00:00Z,2024-01-10T13:00:00Z,amber,2024-01-10T15:00:00Z,Health\n"
        + "A-2,C-2,other,standard,2024-01-13T10:00:00Z,2024-01-13T12:00:00Z,,,,\n";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task EveryUse_IsLoggedWithWhoWhatAndWhy_AndTheVerifyCommandFindsTampering(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        app.AdvanceTime(Duration.FromTicks(1_234_567)); // an instant finer than PostgreSQL keeps: what is hashed is what is stored
        var file = app.WriteFile(Notices);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", file)).ExitCode);

        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/Children/C-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/api/notices/A-2")).StatusCode);
        var shared = await mash.PostAsJsonAsync("/api/notices/A-1/share", new { agency = "Education", what = "The notice (synthetic)", reason = "The school asked for it (synthetic)" });
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mash.GetAsync("/api/notices/NO-SUCH")).StatusCode); // nothing consulted, nothing logged
        using var health = await app.CreateSignedInClientAsync(Roles.PartnerAgency, "Health");
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/api/notices/A-1")).StatusCode);

        var child = (await app.RunCliAsync("audit", "show", "child", "C-1")).Out;
        Assert.Matches(@"\tmash-practitioner-[0-9a-f]+@test\.invalid\tConsultation\tmash-practitioner: /Children/Detail GET", child);
        var notice = (await app.RunCliAsync("audit", "show", "notice", "A-1")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, notice.Length); // newest first: the partner's reading, the disclosure to Education, the import that collected it
        Assert.Matches(@"\tpartner-agency-[0-9a-f]+@test\.invalid\tConsultation\tpartner-agency: GetNotice$", notice[0]);
        Assert.Matches(@"\tDisclosure\tmash-practitioner: ShareNotice$", notice[1]);
        Assert.Matches(@"\timport:[^\t]+\tCollection\timported from line \d of [^ ]+\.csv \(import \d+\): import public protection notices: read 2, created 2,", notice[2]);
        Assert.Contains("\tCollection\timport public protection notices: read 2, created 2,", (await app.RunCliAsync("audit", "show", "import", Path.GetFileName(file))).Out, StringComparison.Ordinal);
        Assert.Equal("", (await app.RunCliAsync("audit", "show", "notice", "NO-SUCH")).Out);

        // The data-protection function sees who used the child's record on the record itself; no one else does.
        using var admin = await app.CreateSignedInClientAsync(Roles.Administrator);
        var uses = await admin.GetStringAsync("/Children/C-1");
        Assert.Contains("Who has used this record", uses, StringComparison.Ordinal);
        Assert.Matches("mash-practitioner-[0-9a-f]+@test.invalid</td>\\s*<td class=\"govuk-table__cell\">Consultation", uses);
        Assert.DoesNotContain("Who has used this record", await mash.GetStringAsync("/Children/C-1"), StringComparison.Ordinal);

        var verified = await app.RunCliAsync("audit", "verify");
        Assert.Equal(0, verified.ExitCode);
        Assert.StartsWith("the log is whole: 7 entries, every recorded event accounted for;", verified.Out.Trim(), StringComparison.Ordinal); // the two readings just now are logged too

        // An event written behind Safeguard's back (no change, so no entry) is found.
        app.ExpectBrokenAuditLog();
        await app.ExecuteSqlAsync("UPDATE events SET \"Change\" = NULL WHERE \"Id\" = (SELECT MAX(\"Id\") FROM events)");
        var unaccounted = await app.RunCliAsync("audit", "verify");
        Assert.Equal(1, unaccounted.ExitCode);
        Assert.Matches(@"^no entry accounts for notice A-1 event \d+\n", unaccounted.Out);
        Assert.EndsWith("incomplete: recorded events without their s.62 entry (7 entries read)", unaccounted.Out.Trim(), StringComparison.Ordinal);

        // Someone with database access rewrites who read the child's record: the verify command names the entry.
        await app.TamperWithAuditLogAsync("UPDATE audit_log SET \"Who\" = 'nobody' WHERE \"Sequence\" = 2");
        var tampered = await app.RunCliAsync("audit", "verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Equal("broken at entry 2: its contents were changed after it was written (2 entries read)", tampered.Out.Trim());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task BehindTheApplicationsBack_TheDatabaseRefusesChanges_AndWhatItsOwnerDoesAnywayIsFound(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/api/notices/A-1")).StatusCode);

        // The database itself refuses to change, delete or (PostgreSQL) truncate an entry, whoever asks.
        foreach (var sql in new[] { "UPDATE audit_log SET \"Who\" = 'nobody' WHERE \"Sequence\" = 2", "DELETE FROM audit_log WHERE \"Sequence\" = 5" }
                     .Concat(provider == Provider.Postgres ? ["TRUNCATE audit_log"] : []))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.ExecuteSqlAsync(sql));
            Assert.Contains("the s.62 log is append-only", refused.Message, StringComparison.Ordinal);
        }

        // The head is anchored outside the database: by the command, and by the application every few minutes.
        Assert.Equal("anchored at entry 5", (await app.RunCliAsync("audit", "anchor")).Out.Trim());
        Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/api/notices/A-1")).StatusCode);
        app.AdvanceTime(Duration.FromMinutes(5));
        await SafeguardApp.EventuallyAsync(() => Task.FromResult(File.ReadAllLines(app.AnchorFile).Last().StartsWith("6\t", StringComparison.Ordinal)), "the application's own anchor");
        var whole = await app.RunCliAsync("audit", "verify");
        Assert.Equal(0, whole.ExitCode);
        Assert.Contains("it reaches the head anchored outside the database at", whole.Out, StringComparison.Ordinal);
        Assert.EndsWith("(entry 6)", whole.Out.Trim(), StringComparison.Ordinal);

        // The owner drops the triggers and deletes the newest entries: the chain no longer reaches the anchored head.
        await app.TamperWithAuditLogAsync("DELETE FROM audit_log WHERE \"Sequence\" >= 5");
        var truncated = await app.RunCliAsync("audit", "verify");
        Assert.Equal(1, truncated.ExitCode);
        Assert.StartsWith("broken at entry 5: entries 5 to 6 are missing: the log reached entry 6 when it was anchored at", truncated.Out.Trim(), StringComparison.Ordinal);

        // ...or empties the log.
        await app.TamperWithAuditLogAsync("DELETE FROM audit_log");
        Assert.StartsWith("broken at entry 1: entries 1 to 6 are missing", (await app.RunCliAsync("audit", "verify")).Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryRewrittenAndEveryHashRecomputedWithoutTheKey_IsFound()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await mash.GetAsync("/api/notices/A-1")).StatusCode);

        // What an unkeyed chain allowed: rewrite who read the record, then recompute every hash from there on with
        // SHA-256 of the same fields. Without the key, no hash fits.
        var entries = await app.WithServices(sp => sp.GetRequiredService<Safeguard.App.Data.AppDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        var previous = entries[1].PreviousHash;
        var sql = new System.Text.StringBuilder();
        foreach (var e in entries.Skip(1))
        {
            var facts = new Safeguard.Domain.Audit.AuditFacts(e.Sequence, e.At, e.Sequence == 2 ? "nobody" : e.Who, Enum.Parse<Safeguard.Domain.Audit.AuditAction>(e.Action), e.Subject, e.Reference, e.Justification, e.Change);
            var hash = Safeguard.Domain.Audit.AuditChain.Hash(System.Security.Cryptography.SHA256.HashData("guessed"u8), previous, facts);
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"UPDATE audit_log SET \"Who\" = '{facts.Who}', \"PreviousHash\" = '{previous}', \"Hash\" = '{hash}' WHERE \"Sequence\" = {e.Sequence};");
            previous = hash;
        }
        await app.TamperWithAuditLogAsync(sql.ToString());
        var found = await app.RunCliAsync("audit", "verify");
        Assert.Equal(1, found.ExitCode);
        Assert.StartsWith("broken at entry 2: its contents were changed after it was written", found.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentsAndMissingEpisodes_AreLoggedToo()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference = "AUD-I", createdAt = T.ToString(), grade = "priority", childrenInvolved = true }, HttpStatusCode.Created);
        await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents/AUD-I/events", new { kind = "arrived", at = T.ToString() }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await cc.GetAsync("/api/incidents/AUD-I")).StatusCode);
        Assert.Equal(["Consultation", "Alteration", "Collection"], Actions((await app.RunCliAsync("audit", "show", "incident", "AUD-I")).Out));

        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        await HttpAssert.SendAsync(coordinator, HttpMethod.Post, "/api/missing",
            new { reference = "AUD-M", childReference = "C-M", reportedAt = T.ToString(), risk = "low", information = Array.Empty<object>() }, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/missing/AUD-M")).StatusCode);
        Assert.Equal(["Consultation", "Collection"], Actions((await app.RunCliAsync("audit", "show", "missing", "AUD-M")).Out));

        static string[] Actions(string lines) => [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[3])];
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ConcurrentReaders_NeverForkTheChain(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        var reads = Enumerable.Range(0, 40).Select(_ => mash.GetAsync("/api/notices/A-1")).ToList();
        Assert.All(await Task.WhenAll(reads), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var verified = await app.RunCliAsync("audit", "verify");
        Assert.StartsWith("the log is whole: 41 entries, every recorded event accounted for;", verified.Out.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ReadsLoggedTogether_AreAnsweredOnlyOnceLogged_AndAnEntryTheDatabaseRefuses_FailsOnlyItsOwnRead(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile(Notices))).ExitCode);
        // The database refuses any entry about A-2: its readers must not get the notice, and A-1's readers, whose entries
        // may share a commit with theirs, must be unaffected.
        await app.ExecuteSqlAsync(provider == Provider.Sqlite
            ? "CREATE TRIGGER refuse_a2 BEFORE INSERT ON audit_log WHEN NEW.\"Reference\" = 'A-2' BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            : "CREATE FUNCTION refuse_a2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$; "
              + "CREATE TRIGGER refuse_a2 BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.\"Reference\" = 'A-2') EXECUTE FUNCTION refuse_a2();");
        using var mash = await app.CreateClientAsync(Roles.MashPractitioner);
        var reads = Enumerable.Range(0, 40).Select(i => mash.GetAsync(i % 4 == 0 ? "/api/notices/A-2" : "/api/notices/A-1")).ToList();
        var answers = await Task.WhenAll(reads);
        for (var i = 0; i < answers.Length; i++)
        {
            if (i % 4 != 0) Assert.Equal(HttpStatusCode.OK, answers[i].StatusCode);
            else
            {
                Assert.False(answers[i].IsSuccessStatusCode);
                Assert.DoesNotContain("C-2", await answers[i].Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(30, await app.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE \"Action\" = 'Consultation' AND \"Reference\" = 'A-1'"));
        Assert.Equal(0, await app.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE \"Reference\" = 'A-2' AND \"Action\" = 'Consultation'"));
        var verified = await app.RunCliAsync("audit", "verify");
        Assert.StartsWith("the log is whole: 31 entries", verified.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientGoneAfterItsWrite_LeavesTheChangeCommittedWithItsEntry()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Postgres);
        // The log's insert is made slow, so the client gives up after its change is written and before it commits.
        await app.ExecuteSqlAsync("""
            CREATE FUNCTION slow_log() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER slow_log BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION slow_log();
            """);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using var gaveUp = new CancellationTokenSource();
        var posting = cc.PostAsJsonAsync("/api/incidents", new { reference = "GONE-1", createdAt = T.ToString(), grade = "priority", childrenInvolved = true }, gaveUp.Token);
        // The client gives up while the server is writing the entry (inside the slow insert), however loaded the machine.
        await SafeguardApp.EventuallyAsync(async () => await app.ScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()") > 0, "the entry's insert", seconds: 30);
        await gaveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);

        // The server finishes what it started: the incident and its entry commit together.
        await SafeguardApp.EventuallyAsync(async () => await app.CountIncidentsAsync() > 0, "the change committed", seconds: 30);
        Assert.Equal(1, await app.CountIncidentsAsync());
        Assert.Contains("\tCollection\tcommand-and-control: CreateIncident", (await app.RunCliAsync("audit", "show", "incident", "GONE-1")).Out, StringComparison.Ordinal);
        var verified = await app.RunCliAsync("audit", "verify");
        Assert.True(verified.ExitCode == 0, verified.Out);
    }
}
