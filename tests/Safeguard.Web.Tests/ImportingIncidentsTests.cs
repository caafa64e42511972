using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ImportingIncidentsTests
{
    private const string Header = "reference,created_at,grade,children_involved,district,category,dispatched_at,arrived_at,closed_at,final_grade";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task SampleFile_ImportsEveryRow(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var sample = File.ReadAllText(Path.Combine(Repository.Root, "samples", "incidents.csv"));
        var result = await app.ImportIncidentsAsync(sample);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("read 7, created 7, updated 0, unchanged 0", result.Out, StringComparison.Ordinal);
        Assert.Equal(7, await app.CountIncidentsAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task InvalidRows_RejectWholeFile_NamingEachLineAndChangingNothing(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        Assert.Equal(0, (await app.ImportIncidentsAsync($"{Header}\nOLD-1,2023-01-01T10:00:00Z,priority,yes,North,,,,,\n")).ExitCode);
        var before = await app.SnapshotAsync();

        var csv = string.Join("\n",
            Header,
            "OK-1,2023-01-02T10:00:00Z,priority,yes,North,,,,,",                        // line 2: valid
            ",2023-01-02T10:00:00Z,priority,yes,North,,,,,",                            // line 3: reference missing
            "BAD-2,,priority,yes,North,,,,,",                                           // line 4: created_at missing
            "BAD-3,02/01/2023 10:00,priority,yes,North,,,,,",                           // line 5: created_at malformed
            "BAD-4,2023-03-26T01:30:00,priority,yes,North,,,,,",                        // line 6: spring gap
            "BAD-5,2023-01-02T10:00:00Z,urgent,yes,North,,,,,",                         // line 7: grade
            "BAD-6,2023-01-02T10:00:00Z,priority,perhaps,North,,,,,",                   // line 8: children_involved
            "BAD-7,2023-01-02T10:00:00Z,priority,yes,North,,,2023-01-02T09:59:00Z,,",   // line 9: arrival before creation
            "BAD-8,2023-01-02T10:00:00Z,priority,yes,North,,,,,9",                      // line 10: final grade
            "OLD-1,2023-01-02T10:00:00Z,priority,yes,North,,,,,",                       // line 11: repeats line 12
            "OLD-1,2023-01-02T11:00:00Z,priority,yes,North,,,,,",                       // line 12
            "BAD-9,2023-01-02T10:00:00Z,,,North,,,,,",                                  // line 13: grade and children missing
            "BAD-10,2023-01-02T10:00:00Z,priority,yes,North,,2023-01-02T09:00:00Z,,2023-01-01T00:00:00Z,") + "\n"; // line 14
        var result = await app.ImportIncidentsAsync(csv);

        Assert.Equal(2, result.ExitCode);
        string[] expected =
        [
            "line 3: reference is missing",
            "line 4: created_at is missing",
            "line 5: created_at '02/01/2023 10:00' is not an ISO 8601 date and time",
            "line 6: created_at '2023-03-26T01:30:00' does not exist in Europe/London",
            "line 7: grade 'urgent' is not one of",
            "line 8: children_involved 'perhaps' is not",
            "line 9: arrived_at is before created_at",
            "line 10: final_grade '9' is not one of",
            "line 11: reference repeats on line 12",
            "line 12: reference repeats line 11",
            "line 13: grade is missing",
            "line 13: children_involved is missing",
            "line 14: dispatched_at is before created_at",
            "line 14: closed_at is before created_at",
        ];
        foreach (var line in expected) Assert.Contains(line, result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2:", result.Out, StringComparison.Ordinal);
        Assert.Contains("rejected: 12 invalid row(s) of 13 read; nothing was imported", result.Out, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task SkipInvalid_ImportsValidRowsAndReportsTheRest(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var csv = $"{Header}\nA,2023-01-02T10:00:00Z,priority,yes,,,,,,\nB,2023-01-02T10:00:00Z,nonsense,yes,,,,,,\nC,2023-01-02T10:00:00Z,1,no,,,,,,\nC,2023-01-02T10:00:00Z,1,no,,,,,,\n";
        var result = await app.ImportIncidentsAsync(csv, skipInvalid: true);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("line 3: grade 'nonsense'", result.Out, StringComparison.Ordinal);
        Assert.Contains("read 4, created 1, updated 0, unchanged 0, skipped 3 invalid", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountIncidentsAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Reimport_IsIdempotent_AndAChangeAppendsToHistory(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var original = $"{Header}\nR-1,2023-05-01T10:00:00Z,priority,yes,North,,,2023-05-01T11:30:00Z,,\nR-2,2023-05-01T10:00:00Z,priority,yes,North,,,,,\n";
        Assert.Contains("created 2", (await app.ImportIncidentsAsync(original)).Out, StringComparison.Ordinal);
        var afterFirst = await app.SnapshotAsync();

        var again = await app.ImportIncidentsAsync(original);
        Assert.Contains("read 2, created 0, updated 0, unchanged 2", again.Out, StringComparison.Ordinal);
        Assert.Equal(afterFirst, await app.SnapshotAsync());

        var corrected = $"{Header}\nR-1,2023-05-01T10:00:00Z,priority,yes,North,,,2023-05-01T10:45:00Z,,\nR-2,2023-05-01T10:00:00Z,priority,yes,North,,,,,\n";
        var update = await app.ImportIncidentsAsync(corrected);
        Assert.Contains("read 2, created 0, updated 1, unchanged 1", update.Out, StringComparison.Ordinal);
        Assert.Equal(["recorded", "recorded"], await app.EventKindsAsync("R-1"));

        var report = await app.RunCliAsync("report", "--from", "2023-05-01", "--to", "2023-06-01");
        Assert.Contains("\"withinTarget\": 1", report.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task FileShape_BomAnyOrderAnyCaseUnknownColumnsQuotedLineBreaks(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        var csv = "Notes,CHILDREN_INVOLVED,Grade,Created_At,Reference,Arrived_At,District\r\n"
                  + "\"said \"\"hello\"\", then left,\r\nsecond line\",Yes,PRIORITY,2023-06-01 13:00,Q-1,2023-06-01T12:30:00Z,\"North, East\"\r\n"
                  + "plain,0,scheduled,2023-06-01T12:00:00+01:00,Q-2,,\r\n"
                  + "\"bad \"\"one\"\"\",y,priority,2023-06-01T12:00:00+0100,Q-3,2023-06-01T13:00:00+02:00,\r\n";
        var result = await app.ImportIncidentsAsync(csv, bom: true);
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("read 3, created 3", result.Out, StringComparison.Ordinal);
        var report = await app.RunCliAsync("report", "--from", "2023-06-01", "--to", "2023-07-01", "--format", "csv");
        // 12:00 UTC → 12:30 UTC (30 min); Q-3: 11:00 UTC → 11:00 UTC (0 min).
        Assert.Contains("period,2023-06-01/2023-07-01,2,2,0,0,0,100.0,15.0", report.Out, StringComparison.Ordinal);
        Assert.Contains("district,\"North, East\",1,1,0,0,0,100.0,30.0", report.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormulaInAFile_ComesOutOfTheReportAsText_NotAFormulaASpreadsheetWouldRun()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.ImportIncidentsAsync("reference,created_at,grade,children_involved,district\n"
            + "F-1,2023-06-01T12:00:00Z,priority,yes,\"=HYPERLINK(\"\"http://attacker.invalid\"\",\"\"open\"\")\"\n"
            + "F-2,2023-06-01T12:00:00Z,priority,yes,@SUM(A1)\n");
        Assert.Equal(0, result.ExitCode);
        var report = (await app.RunCliAsync("report", "--from", "2023-06-01", "--to", "2023-07-01", "--format", "csv")).Out;
        Assert.Contains("district,\"'=HYPERLINK(\"\"http://attacker.invalid\"\",\"\"open\"\")\",1,", report, StringComparison.Ordinal);
        Assert.Contains("district,\"'@SUM(A1)\",1,", report, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_RedrawsOnATerminal_AndPrintsPlainLinesWhenPiped()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var rows = string.Concat(Enumerable.Range(0, 2500).Select(i => $"T-{i},2023-01-02T10:00:00Z,priority,yes,,,,,,\n"));
        var file = app.WriteFile(Header + "\n" + rows);
        var terminal = await app.RunCliAsync(["import", "incidents", file], terminal: true);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("\rimporting: 2,500 rows", terminal.Error, StringComparison.Ordinal);

        var piped = await app.RunCliAsync(["import", "incidents", file], terminal: false);
        Assert.DoesNotContain('\r', piped.Error);
        Assert.Contains("checked: 2,500 rows\n", piped.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("read 2500, created 0, updated 0, unchanged 2500", piped.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlankLinesAndShortRows_KeepTheirLineNumbers()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.ImportIncidentsAsync($"{Header}\nA,2023-01-02T10:00:00Z,priority,yes\n\n\nB,2023-01-02T10:00:00Z\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 5: grade is missing", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadQuoting_IsNamedByLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.ImportIncidentsAsync($"{Header}\nA,2023-01-02T10:00:00Z,priority,yes,No\"rth,,,,,\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2: has a stray quote", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRequiredColumn_RejectsAtLineOne()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var result = await app.ImportIncidentsAsync("reference,created_at,grade\nA,2023-01-02T10:00:00Z,priority\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 1: The header lacks required column(s): children_involved", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFileAndMissingFile_AreRefused()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.Equal(2, (await app.ImportIncidentsAsync("")).ExitCode);
        Assert.Equal(2, (await app.RunCliAsync("import", "incidents", "/nonexistent/file.csv")).ExitCode);
    }
}
