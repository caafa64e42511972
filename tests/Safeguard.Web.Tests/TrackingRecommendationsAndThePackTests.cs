using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// The recommendation tracker and the inspection pack, over six priority incidents whose attendance is known: January
/// 3 of 4 within the hour (75%, exactly the target), February 1 of 2 (50%). A measure follows them month by month; the
/// plan is due six weeks after publication; the workbook's sheets carry the same figures, numbers as numbers, times as
/// dates and formula-like text as text; the printable page is marked and its style let in by hash; the PDF prints.
/// </summary>
public partial class TrackingRecommendationsAndThePackTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 2, 20, 12, 0);

    private const string Incidents = "reference,created_at,grade,children_involved,arrived_at,district\n"
        + "P-1,2024-01-05T10:00:00Z,priority,yes,2024-01-05T10:30:00Z,North\n"
        + "P-2,2024-01-06T10:00:00Z,priority,yes,2024-01-06T10:59:00Z,North\n"
        + "P-3,2024-01-07T10:00:00Z,priority,yes,2024-01-07T11:00:00Z,South\n"
        + "P-4,2024-01-08T10:00:00Z,priority,yes,2024-01-08T11:30:00Z,South\n"
        + "P-5,2024-02-05T10:00:00Z,priority,yes,2024-02-05T10:30:00Z,North\n"
        + "P-6,2024-02-06T10:00:00Z,priority,yes,2024-02-06T12:00:00Z,South\n";

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [Fact]
    public async Task ARecommendation_HasItsPlanDue_AndItsMeasureFollowedMonthByMonth()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents)).ExitCode);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        using var inspector = await app.CreateSignedInClientAsync(Roles.Inspector);

        var blank = await SafeguardApp.PostFormAsync(analyst, "/Inspection/Recommendations", "Add", new() { ["code"] = "", ["published-on"] = "1 January" });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var blankPage = await blank.Content.ReadAsStringAsync();
        foreach (var message in new[] { "as the report gives it", "Enter the inspection the recommendation comes from", "s text", "Enter a real date" })
            Assert.Contains(message, blankPage, StringComparison.Ordinal);

        var added = await SafeguardApp.PostFormAsync(analyst, "/Inspection/Recommendations", "Add", new()
        {
            ["code"] = "R1",
            ["source"] = "Synthetic inspection 2024",
            ["text"] = "=SUM(1+1) attend priority incidents within the hour",
            ["published-on"] = "2024-01-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var url = added.Headers.Location!.OriginalString;
        Assert.Equal("/Inspection/Recommendations/Detail?id=1", url);
        Assert.Contains("Action plan overdue by 8 days (due 12 Feb 2024)", await analyst.GetStringAsync(url), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(analyst, url, "Action",
            new() { ["version"] = "0", ["action-text"] = "Add a late shift", ["action-owner"] = "Superintendent (synthetic)", ["action-due-on"] = "2024-04-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(analyst, url, "Measure", new() { ["version"] = "1", ["figure"] = "attendance", ["target"] = "75" })).StatusCode);
        var page = await analyst.GetStringAsync(url);
        Assert.Contains("Action plan made 8 days late", page, StringComparison.Ordinal);
        Assert.Contains("In progress", page, StringComparison.Ordinal);
        // January, the latest complete month, met the target exactly: on track, though February so far (1 of 2) is below it.
        Assert.Contains("Judged on 2024-01, the latest complete month with figures: 75% (3 of 4 within target).", page, StringComparison.Ordinal);
        Assert.Contains("This month so far, 2024-02: 50% (1 of 2).", page, StringComparison.Ordinal);
        Assert.Matches(@"2024-01</th><td[^>]*>4</td><td[^>]*>3</td><td[^>]*>75</td>", page);
        Assert.Contains("On track", page, StringComparison.Ordinal);
        Assert.Contains("R1\t2024-01-01\tAction plan made 8 days late\tin-progress\tOn track", (await app.RunCliAsync("recommendations", "list")).Out, StringComparison.Ordinal);

        // March: February is complete, and below the target.
        app.AdvanceTime(Duration.FromDays(10));
        Assert.Contains("R1\t2024-01-01\tAction plan made 8 days late\tin-progress\tOff track", (await app.RunCliAsync("recommendations", "list")).Out, StringComparison.Ordinal);

        var complete = await SafeguardApp.PostFormAsync(analyst, url, "Status", new() { ["version"] = "2", ["status"] = "complete" });
        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("Enter the evidence that the recommendation is complete", await complete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stale = await SafeguardApp.PostFormAsync(analyst, url, "Status", new() { ["version"] = "1", ["status"] = "in-progress" });
        Assert.Contains("Someone else changed this recommendation", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The inspector reads the tracker and changes nothing.
        Assert.Contains("Off track", await inspector.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Contains("Action 1", await inspector.GetStringAsync(url), StringComparison.Ordinal);
        HttpAssert.Denied(await SafeguardApp.PostFormAsync(inspector, url, "Measure", new() { ["version"] = "2", ["figure"] = "child-seen", ["target"] = "90" }));
        Assert.DoesNotContain("Save the measure", await inspector.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ThePack_AsAWorkbook_CarriesTheFigures_RowsAndTracker(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider, now: T);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents)).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("recommendations", "add", "--code", "R1", "--source", "Synthetic", "--text", "=HYPERLINK(\"http://x.invalid\")",
            "--published", "2024-01-01")).ExitCode);
        // A notice submitted late (30 hours) and never reviewed, one on time and reviewed late; an episode attended late.
        Assert.Equal(0, (await app.RunCliAsync("import", "notices", app.WriteFile("reference,child_reference,type,officer_risk,occurred_at,submitted_at,reviewed_at,rag\n"
            + "PN-1,C-1,domestic_abuse,medium,2024-01-10T10:00:00Z,2024-01-11T16:00:00Z,,\n"
            + "PN-2,C-2,child_concern,medium,2024-01-12T10:00:00Z,2024-01-12T12:00:00Z,2024-01-14T12:00:00Z,green\n"))).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("import", "missing", app.WriteFile("reference,child_reference,reported_at,risk,attended_at,district\n"
            + "ME-1,C-3,2024-01-15T10:00:00Z,high,2024-01-15T13:00:00Z,North\n"))).ExitCode);

        var file = Path.Combine(Path.GetTempPath(), $"pack-{Guid.NewGuid():N}.xlsx");
        try
        {
            var made = await app.RunCliAsync("pack", "--from", "2024-01-01", "--to", "2024-03-01", "--format", "xlsx", "--out", file);
            Assert.True(made.ExitCode == 0, made.Error);
            using var book = new XLWorkbook(file);
            var names = book.Worksheets.Select(w => w.Name).ToList();
            Assert.Equal(["Summary", "Attendance", "Notices", "Missing", "Capacity", "Audits", "Recommendations"], names.Take(7));
            Assert.Contains("Rows attendance", names);
            Assert.Contains("Rows child-seen", names);
            Assert.Contains("Rows notice-review", names);
            Assert.Contains("Rows return-interview", names);

            var summary = book.Worksheet("Summary");
            Assert.Equal("OFFICIAL-SENSITIVE", summary.Cell(1, 1).GetString());
            var row = summary.RowsUsed().Single(r => r.Cell(2).GetString() == "attendance");
            // 6 priority incidents: P-1, P-2, P-3, P-5 within the hour (P-3 at exactly 60 minutes); P-4 and P-6 late.
            Assert.Equal(XLDataType.Number, row.Cell(4).DataType);
            Assert.Equal([6.0, 4, 2, 0, 0], new[] { 4, 5, 6, 7, 8 }.Select(c => row.Cell(c).GetDouble()));
            Assert.Equal(66.7, row.Cell(9).GetDouble());
            Assert.Equal(75.0, row.Cell(10).GetDouble());
            Assert.Equal("no", row.Cell(12).GetString());
            Assert.Equal(2.0, row.Cell(15).GetDouble());

            // Every figure's row sheet holds exactly its late and not-done cases.
            foreach (var figure in summary.RowsUsed().Where(r => r.RowNumber() > 6 && r.Cell(15).DataType == XLDataType.Number))
                Assert.Equal(figure.Cell(6).GetDouble() + figure.Cell(7).GetDouble(), figure.Cell(15).GetDouble());
            Assert.Equal(["PN-1", "PN-2"], book.Worksheet("Rows notice-review").RowsUsed().Select(r => r.Cell(2).GetString()).Where(r => r.StartsWith("PN", StringComparison.Ordinal)));
            Assert.Equal(["PN-1"], book.Worksheet("Rows notice-submission").RowsUsed().Select(r => r.Cell(2).GetString()).Where(r => r.StartsWith("PN", StringComparison.Ordinal)));
            Assert.Equal("Overdue", book.Worksheet("Rows notice-review").RowsUsed().Single(r => r.Cell(2).GetString() == "PN-1").Cell(7).GetString());
            Assert.Equal("Done late", book.Worksheet("Rows notice-review").RowsUsed().Single(r => r.Cell(2).GetString() == "PN-2").Cell(7).GetString());
            Assert.Equal(["ME-1"], book.Worksheet("Rows missing-attendance").RowsUsed().Select(r => r.Cell(2).GetString()).Where(r => r.StartsWith("ME", StringComparison.Ordinal)));

            // The notices and missing figures by month (and the episodes' by district), counted as the figures are.
            var notices = book.Worksheet("Notices").RowsUsed().ToList();
            var review = notices.FindIndex(r => r.Cell(1).GetString().StartsWith("Notices reviewed by the MASH", StringComparison.Ordinal));
            var reviewJanuary = notices.Skip(review).First(r => r.Cell(1).GetString() == "Month" && r.Cell(2).GetString() == "2024-01");
            Assert.Equal([2.0, 0, 1, 1, 0], new[] { 3, 4, 5, 6, 7 }.Select(c => reviewJanuary.Cell(c).GetDouble()));
            var missingRows = book.Worksheet("Missing").RowsUsed().ToList();
            var attended = missingRows.FindIndex(r => r.Cell(1).GetString().StartsWith("Missing children's reports attended", StringComparison.Ordinal));
            var north = missingRows.Skip(attended).First(r => r.Cell(1).GetString() == "District" && r.Cell(2).GetString() == "North");
            Assert.Equal([1.0, 0, 1], new[] { 3, 4, 5 }.Select(c => north.Cell(c).GetDouble()));

            var rows = book.Worksheet("Rows attendance");
            var breached = rows.RowsUsed().Where(r => r.Cell(2).GetString().StartsWith("P-", StringComparison.Ordinal)).ToList();
            Assert.Equal(["P-4", "P-6"], breached.Select(r => r.Cell(2).GetString()));
            Assert.Equal(XLDataType.DateTime, breached[0].Cell(4).DataType);
            Assert.Equal(new DateTime(2024, 1, 8, 10, 0, 0), breached[0].Cell(4).GetDateTime());
            Assert.Equal(new DateTime(2024, 1, 8, 11, 30, 0), breached[0].Cell(6).GetDateTime());

            var attendance = book.Worksheet("Attendance");
            var january = attendance.RowsUsed().First(r => r.Cell(1).GetString() == "Month" && r.Cell(2).GetString() == "2024-01");
            Assert.Equal(75.0, january.Cell(8).GetDouble());
            var south = attendance.RowsUsed().First(r => r.Cell(1).GetString() == "District" && r.Cell(2).GetString() == "South");
            Assert.Equal([3.0, 1, 2], new[] { 3, 4, 5 }.Select(c => south.Cell(c).GetDouble()));

            // Formula-like text stays text: no cell of the workbook is a formula.
            var text = book.Worksheet("Recommendations").CellsUsed().Single(c => c.GetString().StartsWith("=HYPERLINK", StringComparison.Ordinal));
            Assert.False(text.HasFormula);
            Assert.Equal(XLDataType.Text, text.DataType);
            Assert.DoesNotContain(book.Worksheets.SelectMany(w => w.CellsUsed()), c => c.HasFormula);
            Assert.Equal(XLDataType.DateTime, book.Worksheet("Recommendations").RowsUsed().Single(r => r.Cell(1).GetString() == "R1").Cell(4).DataType);
        }
        finally
        {
            File.Delete(file);
        }

        var refused = await app.RunCliAsync("pack", "--from", "2024-03-01", "--to", "2024-01-01", "--out", file);
        Assert.Equal(2, refused.ExitCode);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task ADrillDown_DownloadsEveryRow_NotOnePage_WithFormulasEscaped()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T);
        var csv = new StringBuilder("reference,created_at,grade,children_involved,arrived_at,district\n");
        for (var i = 1; i <= 60; i++)
            csv.Append(FormattableString.Invariant($"L-{i:D2},2024-01-{(i % 28) + 1:D2}T{i % 20:D2}:00:00Z,priority,yes,2024-01-{(i % 28) + 1:D2}T{(i % 20) + 2:D2}:00:00Z,{(i == 1 ? "=HYPERLINK(1)" : "North")}\n"));
        Assert.Equal(0, (await app.ImportIncidentsAsync(csv.ToString())).ExitCode);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);

        var page = await analyst.GetStringAsync("/Performance/Exceptions?from=2024-01-01&to=2024-02-01");
        Assert.Contains("60 incident(s)", page, StringComparison.Ordinal);
        Assert.Contains("Download all 60 as CSV", page, StringComparison.Ordinal);
        var download = await analyst.GetAsync("/Performance/Exceptions?from=2024-01-01&to=2024-02-01&handler=Csv");
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var lines = (await download.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reference,created_at,district,arrived_at,outcome", lines[0].TrimEnd('\r'));
        Assert.Equal(61, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("L-01,", StringComparison.Ordinal) && l.Contains("'=HYPERLINK(1)", StringComparison.Ordinal));

        var clocks = await analyst.GetAsync("/Performance/Clocks?section=attendance-all-grades&from=2024-01-01&to=2024-02-01&district=North&handler=Csv");
        var clockLines = (await clocks.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,reference,district,start,due,stopped,state", clockLines[0].TrimEnd('\r'));
        Assert.Equal(60, clockLines.Length); // 59 in North, and the header
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/Performance/Clocks?section=nonsense&from=2024-01-01&to=2024-02-01&handler=Csv")).StatusCode);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        HttpAssert.Denied(await partner.GetAsync("/Performance/Exceptions?from=2024-01-01&to=2024-02-01&handler=Csv"));
    }

    [Fact]
    public async Task ThePrintablePack_IsMarked_ItsStyleLetInByHash_AndPrintsToPdf()
    {
        var chromium = Environment.GetEnvironmentVariable("SAFEGUARD_CHROMIUM") ?? "/usr/bin/chromium";
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: T, settings: new Dictionary<string, string?> { ["Inspection:Chromium"] = chromium });
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents)).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync("recommendations", "add", "--code", "R9", "--source", "Synthetic <b>bold</b>", "--text", "<img src=x onerror=alert(1)>",
            "--published", "2024-01-01")).ExitCode);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);

        var response = await supervisor.GetAsync("/Inspection/Pack/Print?from=2024-01-01&to=2024-03-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var style = StyleBlock().Match(html).Groups[1].Value;
        var hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'self' '{hash}'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<p class=\"marking\">OFFICIAL-SENSITIVE</p>"));
        Assert.Contains("1 Jan 2024 to 29 Feb 2024", html, StringComparison.Ordinal);
        Assert.Contains(Roles.Supervisor, html, StringComparison.Ordinal);
        Assert.Contains("20 Feb 2024 12:00 GMT", html, StringComparison.Ordinal);
        Assert.Contains("<td>P-4</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Synthetic &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        HttpAssert.Denied(await partner.GetAsync("/Inspection/Pack/Print?from=2024-01-01&to=2024-03-01"));
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/Inspection/Pack/Print?from=2024-01-01&to=soon")).StatusCode);

        if (!File.Exists(chromium))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("CI=true but Chromium is not installed: the PDF must be tested in CI.");
            Assert.Skip("Chromium is not installed; scripts/test.sh installs it.");
        }
        var pdf = await supervisor.GetAsync("/Inspection/Pack/Print?handler=Pdf&from=2024-01-01&to=2024-03-01");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.True(Regex.Count(Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]") >= 2, "the pack runs to more than one page");
        Assert.Equal("attachment; filename=inspection-pack-2024-01-01-to-2024-02-29.pdf", pdf.Content.Headers.ContentDisposition!.ToString().Split(';').Take(2).Aggregate((a, b) => a + ";" + b));
        // The page and the PDF each listed the references behind the figures: each is in the s.62 log.
        Assert.Equal(2, await app.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE \"Subject\" = 'pack' AND \"Action\" = 'Consultation'"));

        // The command line prints the performance report alone the same way; without a file to write it to, it refuses.
        var reportFile = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        var printed = await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-03-01", "--format", "pdf", "--out", reportFile);
        Assert.True(printed.ExitCode == 0, printed.Out + printed.Error);
        Assert.Contains("figures", printed.Out, StringComparison.Ordinal);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(await File.ReadAllBytesAsync(reportFile), 0, 5));
        File.Delete(reportFile);
        var nowhere = await app.RunCliAsync("report", "--from", "2024-01-01", "--to", "2024-03-01", "--format", "pdf");
        Assert.NotEqual(0, nowhere.ExitCode);
        Assert.Contains("--out", nowhere.Error, StringComparison.Ordinal);
    }
}
