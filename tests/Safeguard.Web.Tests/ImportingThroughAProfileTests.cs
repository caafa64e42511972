using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// A command-and-control system's own export, imported as a force analyst would: through a mapping profile (its column
/// names, zone, time formats, null values, grade codes, which calls involve children, the rows to leave out), with a dry
/// run first and a file of the rows refused. The clock-change night's repeated hour is read by the row, so an arrival
/// minutes after its call is minutes, not a false breach.
/// </summary>
public sealed class ImportingThroughAProfileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("safeguard-profile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Sample(string name) => Path.Combine(Repository.Root, "samples", "profiles", name);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<JsonElement> IncidentAsync(HttpClient client, string reference) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/incidents/{reference}")).RootElement;

    private static Instant? At(JsonElement incident, string name) =>
        incident.GetProperty(name).ValueKind == JsonValueKind.Null ? null : InstantPattern.ExtendedIso.Parse(incident.GetProperty(name).GetString()!).Value;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task TheWorkedExample_ImportsThroughItsProfile_LeavingOutByRule_AndReadingTheClockChangeNightByTheRow(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, Instant.FromUtc(2025, 11, 1, 12, 0));
        var before = await app.SnapshotAsync();
        var dry = await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", Sample("cad-profile.json"), "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        string[] expected =
        [
            "dry run: nothing was changed", "read 8 row(s)", "excluded 2", "1  Call_Reception equals OFFICER", "1  Agency is not one of POLICE",
            "invalid 0", "would create 6, update 0, leave 0 unchanged",
            "grade: priority 3, scheduled 2, immediate 1", "district: North 2, South 2, West 2", "children_involved: false 3, true 3",
        ];
        foreach (var line in expected) Assert.Contains(line, dry.Out, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Contains("\tConsultation\tdry run of import incidents: read 8, excluded 2, created 6", (await app.RunCliAsync("audit", "show", "import", "cad-export.csv")).Out, StringComparison.Ordinal);

        var result = await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", Sample("cad-profile.json"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("excluded 1: Call_Reception equals OFFICER", result.Out, StringComparison.Ordinal);
        Assert.Contains("read 8, excluded 2, created 6, updated 0, unchanged 0, skipped 0 invalid", result.Out, StringComparison.Ordinal);
        Assert.Equal(6, await app.CountIncidentsAsync());

        using var client = await app.CreateClientAsync(Roles.CommandAndControl);
        // 01:31:07.250 (the first 01:31, summer time; the fraction kept) and arrived at 01:38:41: seven and a half minutes.
        var runaway = await IncidentAsync(client, "CAD-2025-104418");
        Assert.Equal(Instant.FromUtc(2025, 10, 26, 0, 31, 7).PlusNanoseconds(250_000_000), At(runaway, "createdAt"));
        Assert.Equal(Duration.FromSeconds(7 * 60 + 34) - Duration.FromMilliseconds(250), At(runaway, "arrivedAt") - At(runaway, "createdAt"));
        Assert.Equal("priority", runaway.GetProperty("initialGrade").GetString());
        Assert.True(runaway.GetProperty("childrenInvolved").GetBoolean());
        // Closed at "01:12:30", after its call at 01:31 summer time: the second 01:12, in winter time.
        Assert.Equal(Instant.FromUtc(2025, 10, 26, 1, 12, 30), At(runaway, "closedAt"));
        // Called at 01:52 (summer time); arrived at "01:03", which can only be the second 01:03: eleven minutes, on time.
        var assault = await IncidentAsync(client, "CAD-2025-104419");
        Assert.Equal(Duration.FromMinutes(11), At(assault, "arrivedAt") - At(assault, "createdAt"));
        Assert.False(assault.GetProperty("childrenInvolved").GetBoolean());
        // NULL is empty; an unlisted code (P5 in the export) would be resolution.
        var welfare = await IncidentAsync(client, "CAD-2025-104420");
        Assert.Null(At(welfare, "dispatchedAt"));
        Assert.Equal("scheduled", welfare.GetProperty("initialGrade").GetString());
        Assert.Equal("NEIGHBOUR DISPUTE - CHILD CRYING", (await IncidentAsync(client, "CAD-2025-104423")).GetProperty("category").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/incidents/CAD-2025-104421")).StatusCode); // excluded: the officer's own stop

        // The night's priority calls with children: one, attended in under the hour.
        var report = JsonDocument.Parse((await app.RunCliAsync("report", "--from", "2025-10-25", "--to", "2025-10-27")).Out).RootElement.GetProperty("attendance");
        Assert.Equal(1, report.GetProperty("population").GetInt32());
        Assert.Equal(1, report.GetProperty("withinTarget").GetInt32());

        // Again, unchanged: the same profile reads the same facts.
        Assert.Contains("created 0, updated 0, unchanged 6", (await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", Sample("cad-profile.json"))).Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAProfile_AnArrivalMinutesAfterItsCallOnTheClockChangeNight_IsMinutes_NotAFalseBreach()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.ImportIncidentsAsync(string.Join("\n",
            "reference,created_at,grade,children_involved,dispatched_at,arrived_at",
            "AUT-1,2023-10-29T01:50:00,priority,yes,2023-10-29T01:58:00,2023-10-29T01:05:00", // arrived at the second 01:05
            "AUT-2,2023-10-29T01:30:00,priority,yes,,2023-10-29T01:37:00",                   // seven minutes, the first reading
            "AUT-3,2023-10-29T01:50:00+00:00,priority,yes,,2023-10-29T01:05:00") + "\n");      // 01:05 either way is before 01:50 winter time
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 4: arrived_at is before created_at", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2:", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3:", result.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await app.ImportIncidentsAsync(string.Join("\n",
            "reference,created_at,grade,children_involved,dispatched_at,arrived_at",
            "AUT-1,2023-10-29T01:50:00,priority,yes,2023-10-29T01:58:00,2023-10-29T01:05:00",
            "AUT-2,2023-10-29T01:30:00,priority,yes,,2023-10-29T01:37:00") + "\n")).ExitCode);
        using var client = await app.CreateClientAsync(Roles.CommandAndControl);
        var first = await IncidentAsync(client, "AUT-1");
        Assert.Equal(Duration.FromMinutes(15), At(first, "arrivedAt") - At(first, "createdAt"));
        Assert.Equal(Duration.FromMinutes(8), At(first, "dispatchedAt") - At(first, "createdAt"));
        var second = await IncidentAsync(client, "AUT-2");
        Assert.Equal(Duration.FromMinutes(7), At(second, "arrivedAt") - At(second, "createdAt"));
        var report = JsonDocument.Parse((await app.RunCliAsync("report", "--from", "2023-10-29", "--to", "2023-10-30")).Out).RootElement.GetProperty("attendance");
        Assert.Equal(2, report.GetProperty("withinTarget").GetInt32());
    }

    [Fact]
    public async Task AProfileWithProblems_IsRefusedWithEveryProblem_AndNothingChanges()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var before = await app.SnapshotAsync();
        var profile = Write("bad.json", """
            {
              "timeZone": "Europe/Londres",
              "timeFormats": ["dd/MM/yyyy HH:mm:ss", "qq/ww"],
              "columns": { "reference": "Number", "created": "Opened" },
              "grades": { "1": "urgent" },
              "childrenInvolved": { "column": "Problem", "value": true },
              "exclude": [ { "column": "Agency", "equals": "FIRE", "in": ["AMBULANCE"] }, { "equals": "X" } ]
            }
            """);
        var result = await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", profile);
        Assert.Equal(2, result.ExitCode);
        string[] problems =
        [
            "profile: timeZone 'Europe/Londres' is not an IANA time zone",
            "profile: timeFormats 'qq/ww' is not a NodaTime date and time pattern",
            "profile: columns names 'created', which incident files do not have",
            "profile: grades maps to 'urgent', which is not a grade",
            "profile: childrenInvolved needs either a column or a value, not both",
            "profile: exclude rule 1 needs exactly one of equals, notEquals, in, notIn, matches",
            "profile: exclude rule 2 names no column",
        ];
        foreach (var problem in problems) Assert.Contains(problem, result.Out, StringComparison.Ordinal);
        Assert.Contains("rejected: ", result.Out, StringComparison.Ordinal);

        var unknown = await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", Write("typo.json", """{ "timezone": "Europe/London" }"""));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("The profile has a setting Safeguard does not know at $.timezone", unknown.Out, StringComparison.Ordinal);
        var broken = await app.RunCliAsync("import", "incidents", Sample("cad-export.csv"), "--profile", Write("broken.json", "{ \"columns\": { \"reference\": 3 } }"));
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("The profile is not valid JSON of a profile's shape at $.columns.reference (line 1)", broken.Out, StringComparison.Ordinal);
        var notices = await app.RunCliAsync("import", "notices", Sample("cad-export.csv"), "--profile", Sample("cad-profile.json"));
        Assert.Equal(2, notices.ExitCode);
        Assert.Contains("profile: grades applies to incident files, not notice files", notices.Out, StringComparison.Ordinal);
        Assert.Contains("profile: childrenInvolved applies to incident files, not notice files", notices.Out, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task ARowWrongThroughTheProfile_NamesBothColumns_AndTheHeaderMustHaveWhatTheProfileReads()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var profile = Sample("cad-profile.json");
        var header = "Master_Incident_Number,Response_Date,Priority_Number,First_Assigned,First_Arrived,Closed,Sector,Problem,Call_Reception,Agency";
        var file = Write("wrong.csv", string.Join("\n", header,
            "CAD-1,13/45/2025 10:00:00,2,,,,North,ASSAULT,999,POLICE",
            "CAD-2,30/03/2025 01:30:00,2,,,,North,ASSAULT,999,POLICE", // the spring gap
            "CAD-3,01/06/2025 10:00:00,2,01/06/2025 09:00:00,,,North,ASSAULT,999,POLICE",
            "CAD-4,2025-06-01T10:00:00Z,2,,,,North,ASSAULT,999,POLICE") + "\n"); // ISO 8601 is still read
        var result = await app.RunCliAsync("import", "incidents", file, "--profile", profile);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2: created_at (Response_Date) '13/45/2025 10:00:00' is in none of the profile's time formats, nor ISO 8601", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 3: created_at (Response_Date) '30/03/2025 01:30:00' does not exist in Europe/London", result.Out, StringComparison.Ordinal);
        Assert.Contains("line 4: dispatched_at (First_Assigned) is before created_at", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 5:", result.Out, StringComparison.Ordinal);

        var lacking = await app.RunCliAsync("import", "incidents", Write("lacking.csv", "Master_Incident_Number,Priority_Number,Problem,Call_Reception,Agency\nCAD-1,2,ASSAULT,999,POLICE\n"), "--profile", profile);
        Assert.Equal(2, lacking.ExitCode);
        Assert.Contains("line 1: The header lacks required column(s): created_at (Response_Date).", lacking.Out, StringComparison.Ordinal);
        var noRuleColumn = await app.RunCliAsync("import", "incidents", Write("norule.csv", "Master_Incident_Number,Response_Date,Priority_Number,Problem,Agency\nCAD-1,01/06/2025 10:00:00,2,ASSAULT,POLICE\n"), "--profile", profile);
        Assert.Contains("line 1: The header lacks column 'Call_Reception', which the profile's rule \"Call_Reception equals OFFICER\" reads.", noRuleColumn.Out, StringComparison.Ordinal);
        Assert.Equal(0, await app.CountIncidentsAsync());
    }

    [Fact]
    public async Task AProfile_ReadsTwelveHourTimesInItsZone_AndMapsTheValuesOfNoticesAndEpisodes()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, Instant.FromUtc(2024, 4, 1, 12, 0));
        var incidents = Write("us.csv", "Number,Opened,Pri,Juvenile,Arrived\nNY-1,03/14/2024 1:05:09.5 PM,P1,Y,03/14/2024 1:15:00 pm\nNY-2,03/10/2024 2:30:00 AM,P2,N,\nNY-3,16.03.2024 10:00 +02:00,P2,N,\n");
        var profile = Write("us.json", """
            {
              "timeZone": "America/New_York",
              "timeFormats": ["MM/dd/yyyy h:mm:ss.FFF tt", "dd.MM.yyyy HH:mm o<+HH:mm>"],
              "columns": { "reference": "Number", "created_at": "Opened", "grade": "Pri", "arrived_at": "Arrived" },
              "grades": { "P1": "immediate", "P2": "priority" },
              "childrenInvolved": { "column": "Juvenile" }
            }
            """);
        var refused = await app.RunCliAsync("import", "incidents", incidents, "--profile", profile);
        Assert.Contains("line 3: created_at (Opened) '03/10/2024 2:30:00 AM' does not exist in America/New_York", refused.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync("import", "incidents", incidents, "--profile", profile, "--skip-invalid")).ExitCode);
        using var client = await app.CreateClientAsync(Roles.CommandAndControl);
        var incident = await IncidentAsync(client, "NY-1");
        Assert.Equal(Instant.FromUtc(2024, 3, 14, 17, 5, 9).PlusNanoseconds(500_000_000), At(incident, "createdAt")); // EDT, UTC-4
        Assert.Equal(Duration.FromSeconds(9 * 60 + 50) + Duration.FromMilliseconds(500), At(incident, "arrivedAt") - At(incident, "createdAt")); // "pm" in any case
        Assert.Equal("immediate", incident.GetProperty("initialGrade").GetString());
        Assert.True(incident.GetProperty("childrenInvolved").GetBoolean());
        Assert.Equal(Instant.FromUtc(2024, 3, 16, 8, 0), At(await IncidentAsync(client, "NY-3"), "createdAt")); // its own offset, not the zone's

        var notices = Write("ppn.csv", "PPN,Child,Kind,Risk,Occurred,Submitted\nP-1,CH-1,CC,H,14/03/2024 10:00,14/03/2024 11:00\nP-2,CH-2,DA,S,14/03/2024 10:00,14/03/2024 11:00\n");
        var noticeProfile = Write("ppn.json", """
            {
              "timeFormats": ["dd/MM/yyyy HH:mm"],
              "columns": { "reference": "PPN", "child_reference": "Child", "type": "Kind", "officer_risk": "Risk", "occurred_at": "Occurred", "submitted_at": "Submitted" },
              "values": { "type": { "CC": "child_concern", "DA": "domestic_abuse" }, "officer_risk": { "H": "high", "*": "standard" } }
            }
            """);
        var dry = await app.RunCliAsync("import", "notices", notices, "--profile", noticeProfile, "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("type: child_concern 1, domestic_abuse 1", dry.Out, StringComparison.Ordinal);
        Assert.Contains("officer_risk: high 1, standard 1", dry.Out, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync("SELECT COUNT(*) FROM notices"));
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", notices, "--profile", noticeProfile)).ExitCode);
        Assert.Equal(2, await app.ScalarAsync("SELECT COUNT(*) FROM notices"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ADryRun_SaysWhatWouldBeCreatedUpdatedAndLeft_AndTheRejectsFileHoldsTheRowsRefused(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        const string Header = "reference,created_at,grade,children_involved,district";
        Assert.Equal(0, (await app.ImportIncidentsAsync($"{Header}\nD-1,2024-01-10T10:00:00Z,priority,yes,North\nD-2,2024-01-10T11:00:00Z,priority,no,North\n")).ExitCode);
        var before = await app.SnapshotAsync();
        var file = Write("next.csv", string.Join("\n", Header,
            "D-1,2024-01-10T10:00:00Z,priority,yes,North",      // unchanged
            "D-2,2024-01-10T11:00:00Z,immediate,no,North",      // updated
            "D-3,2024-01-10T12:00:00Z,scheduled,no,South",      // created
            "D-4,2024-01-10T12:00:00Z,urgent,no,South",         // invalid
            "D-5,2024-01-10,priority,perhaps,\"=HYPERLINK(\"\"x\"\")\"",  // invalid twice, and a formula
            "D-6,2024-01-10T12:30:00Z,sometimes,no,South") + "\n");
        var rejects = Path.Combine(_root, "rejects.csv");

        var dry = await app.RunCliAsync("import", "incidents", file, "--dry-run", "--rejects", rejects);
        Assert.Equal(2, dry.ExitCode); // the file as it is would be refused
        foreach (var line in new[]
                 {
                     "dry run: nothing was changed", "read 6 row(s)", "excluded 0", "invalid 3",
                     "       2  grade is not one of emergency, immediate, priority, scheduled, resolution, 1-4",
                     "       1  created_at is not an ISO 8601 date and time", "       1  children_involved is not true/false",
                     "the file would be rejected: nothing would be imported (with --skip-invalid the valid rows would create 1, update 1 and leave 1 unchanged)",
                     "wrote 3 invalid row(s) to " + rejects,
                 })
            Assert.Contains(line, dry.Out, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());

        using (var reader = new StreamReader(rejects))
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(["5", "6", "7"], rows.Select(r => (string)r["line"]));
            Assert.Equal("D-5", rows[1]["reference"]);
            Assert.Equal("created_at '2024-01-10' is not an ISO 8601 date and time; children_involved 'perhaps' is not true/false, yes/no, y/n or 1/0", rows[1]["reasons"]);
            Assert.Equal("'=HYPERLINK(\"x\")", rows[1]["district"]); // as text, never a formula
            Assert.Equal("sometimes", rows[2]["grade"]);
        }
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rejects));

        var skipping = await app.RunCliAsync("import", "incidents", file, "--dry-run", "--skip-invalid");
        Assert.Equal(0, skipping.ExitCode);
        Assert.Contains("would create 1, update 1, leave 1 unchanged", skipping.Out, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Contains("created 1, updated 1, unchanged 1, skipped 3 invalid", (await app.RunCliAsync("import", "incidents", file, "--skip-invalid")).Out, StringComparison.Ordinal);
        Assert.Equal(3, await app.CountIncidentsAsync());

        // A file that cannot be read to its end goes no further, even in a dry run or skipping invalid rows.
        var headless = Write("headless.csv", "reference,grade\nD-7,priority\n");
        foreach (var options in new[] { new[] { "--dry-run" }, ["--skip-invalid"], ["--dry-run", "--skip-invalid"] })
        {
            var unreadable = await app.RunCliAsync(["import", "incidents", headless, .. options]);
            Assert.Equal(2, unreadable.ExitCode);
            Assert.Contains("line 1: The header lacks required column(s): created_at, children_involved.", unreadable.Out, StringComparison.Ordinal);
        }
        Assert.Equal(3, await app.CountIncidentsAsync());
        // Not UTF-8 (a Latin-1 é): the file is refused as a whole, and the rejects file says so on its own line, without a row.
        var broken = Path.Combine(_root, "latin1.csv");
        await File.WriteAllBytesAsync(broken, [.. System.Text.Encoding.UTF8.GetBytes($"{Header}\nD-8,2024-01-10T12:00:00Z,urgent,no,South\nD-9,2024-01-10T12:00:00Z,priority,no,"), 0xE9, (byte)'\n']);
        var latin = await app.RunCliAsync("import", "incidents", broken, "--rejects", rejects);
        Assert.Equal(2, latin.ExitCode);
        var lines = await File.ReadAllLinesAsync(rejects);
        Assert.Equal(["line,reasons", "1,The file is not valid UTF-8."], lines);
        Assert.Equal(3, await app.CountIncidentsAsync());

        var overwrite = await app.RunCliAsync("import", "incidents", file, "--rejects", file);
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("The rejects file would overwrite the file being imported", overwrite.Out, StringComparison.Ordinal);
        Assert.Contains("D-6,2024-01-10T12:30:00Z", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task TheLog_AnswersForEachImportedRecord_WithItsFileLineAndImport(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        const string Header = "reference,created_at,grade,children_involved";
        var first = Write("first.csv", $"{Header}\nP-1,2024-01-10T10:00:00Z,priority,yes\nP-2,2024-01-10T11:00:00Z,priority,no\n");
        Assert.Equal(0, (await app.RunCliAsync("import", "incidents", first)).ExitCode);
        var second = Write("second.csv", $"{Header}\nP-3,2024-01-10T12:00:00Z,scheduled,no\nP-2,2024-01-10T11:00:00Z,immediate,no\nP-1,2024-01-10T10:00:00Z,priority,yes\n");
        Assert.Equal(0, (await app.RunCliAsync("import", "incidents", second)).ExitCode);

        var two = (await app.RunCliAsync("audit", "show", "incident", "P-2")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, two.Length);
        Assert.Matches(@"\tCollection\tre-imported from line 3; changed grade, final_grade of second\.csv \(import \d+\): import incidents: read 3, created 1, updated 1, unchanged 1", two[0]);
        Assert.Matches(@"\tCollection\timported from line 3 of first\.csv \(import \d+\): import incidents: read 2, created 2", two[1]);
        // Unchanged in the second file: the second import did nothing with it, and the log does not say it did.
        var one = (await app.RunCliAsync("audit", "show", "incident", "P-1")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(one);
        Assert.Contains("imported from line 2 of first.csv", one[0], StringComparison.Ordinal);
        Assert.Contains("imported from line 2 of second.csv", (await app.RunCliAsync("audit", "show", "incident", "P-3")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync("audit", "verify")).ExitCode);
    }

    [Fact]
    public async Task ImportedHistory_WithoutTheDelayActions_ReadsNotRecorded_NotZeroPercent_AndAFileWithThemIsCounted()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        // Two delayed priority calls with children, attended after 80 minutes, from a file that cannot say what was done.
        var without = Write("without.csv", "reference,created_at,grade,children_involved,arrived_at\n"
            + "L-1,2024-01-10T10:00:00Z,priority,yes,2024-01-10T11:20:00Z\nL-2,2024-01-10T12:00:00Z,priority,yes,2024-01-10T13:20:00Z\n");
        Assert.Equal(0, (await app.RunCliAsync("import", "incidents", without)).ExitCode);
        JsonElement Delayed(CliResult r) => JsonDocument.Parse(r.Out).RootElement.GetProperty("attendance").GetProperty("delayed");
        var unknown = Delayed(await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-02-01"));
        Assert.Equal(2, unknown.GetProperty("population").GetInt32());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("percentReassessedBeforeBreach").ValueKind);
        Assert.Equal(2, unknown.GetProperty("reassessment").GetProperty("notInSource").GetInt32());
        Assert.Equal(2, unknown.GetProperty("callerUpdate").GetProperty("notRecorded").GetInt32());
        var text = (await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-02-01", "--format", "text")).Out;
        Assert.Contains("THRIVE reassessment: recorded 0 (0 before breach, no percentage: nothing owed could be known), not recorded 2 (2 not in the source), not applicable 0", text, StringComparison.Ordinal);

        // The same incidents from a file that has the columns: L-1 reassessed in time and its caller told; L-2 neither.
        var with = Write("with.csv", "reference,created_at,grade,children_involved,arrived_at,reassessed_at,caller_told_at\n"
            + "L-1,2024-01-10T10:00:00Z,priority,yes,2024-01-10T11:20:00Z,2024-01-10T10:50:00Z,2024-01-10T10:52:00Z\nL-2,2024-01-10T12:00:00Z,priority,yes,2024-01-10T13:20:00Z,,\n");
        Assert.Contains("updated 2", (await app.RunCliAsync("import", "incidents", with)).Out, StringComparison.Ordinal);
        var known = Delayed(await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-02-01"));
        Assert.Equal(50.0, known.GetProperty("percentReassessedBeforeBreach").GetDouble());
        Assert.Equal(50.0, known.GetProperty("percentCallerTold").GetDouble());
        Assert.Equal(0, known.GetProperty("reassessment").GetProperty("notInSource").GetInt32());
        Assert.Equal(1, known.GetProperty("reassessment").GetProperty("notRecorded").GetInt32());
        // A later file without the columns takes nothing away: the actions stay known and recorded.
        Assert.Contains("unchanged 2", (await app.RunCliAsync("import", "incidents", without)).Out, StringComparison.Ordinal);
        Assert.Equal(50.0, Delayed(await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-02-01")).GetProperty("percentCallerTold").GetDouble());
        var refused = await app.RunCliAsync("import", "incidents", Write("early.csv", "reference,created_at,grade,children_involved,reassessed_at\nL-3,2024-01-10T10:00:00Z,priority,yes,2024-01-10T09:00:00Z\n"));
        Assert.Contains("line 2: reassessed_at is before created_at", refused.Out, StringComparison.Ordinal);
    }
}
