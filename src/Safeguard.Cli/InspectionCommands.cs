using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.App.Reporting;
using Safeguard.Domain.Inspection;
using Safeguard.Domain.Time;

namespace Safeguard.Cli;

/// <summary>The inspection commands: case-file audit samples and results, the recommendation tracker, the inspection pack.</summary>
public static partial class SafeguardCli
{
    private static Command AuditsCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        Command Audit(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<string>> act) => Refusable(command, configuration, time, console, act);
        var from = new Option<string>("--from") { Description = "First day of the period the cases began in (yyyy-MM-dd)", Required = true };
        var to = new Option<string>("--to") { Description = "Day after the period (yyyy-MM-dd)", Required = true };
        var size = new Option<int>("--size") { Description = $"How many cases (1 to {CaseAudits.MaxSampleSize})", Required = true };
        var seed = new Option<long>("--seed") { Description = "Any whole number: the same period, size and seed draw the same cases", Required = true };
        var sample = Audit(new Command("sample", "Draw and keep a reproducible stratified random sample of the period's cases for a case-file audit") { from, to, size, seed },
            async (sp, parse, ct) =>
            {
                var audits = sp.GetRequiredService<CaseAudits>();
                var period = audits.ReadSampleInputs(parse.GetValue(from), parse.GetValue(to), parse.GetValue(size), parse.GetValue(seed), []);
                var drawn = await audits.DrawAsync(period, parse.GetValue(size), parse.GetValue(seed), CliAuthor, ct);
                return SampleText(drawn);
            });
        var id = new Argument<long>("SAMPLE") { Description = "The sample's number (as audits sample printed it)" };
        var show = Audit(new Command("show", "List a sample's cases with their audits: position, area, kind, reference, status, grade") { id },
            async (sp, parse, ct) => SampleText(await sp.GetRequiredService<CaseAudits>().SampleAsync(parse.GetValue(id), ct)));
        var resultsFrom = new Option<string>("--from") { Description = "First day the audited cases began (yyyy-MM-dd); with --to, else every audit" };
        var resultsTo = new Option<string>("--to") { Description = "Day after the period (yyyy-MM-dd)" };
        var results = Audit(new Command("results", "The grades that stand for the cases audited, overall, by area and by month audited") { resultsFrom, resultsTo },
            async (sp, parse, ct) =>
            {
                var audits = sp.GetRequiredService<CaseAudits>();
                ReportPeriod? period = null;
                if (parse.GetValue(resultsFrom) is not null || parse.GetValue(resultsTo) is not null)
                {
                    if (!ReportPeriods.TryParse(parse.GetValue(resultsFrom), parse.GetValue(resultsTo), audits.Zone, out var p, out var error)) throw InputException.For("from", error!);
                    period = p;
                }
                var r = await audits.ResultsAsync(period, ct);
                var lines = new List<string> { r.All.Sentence, $"moderated: {r.Moderated} ({r.ModerationChanged} with the grade changed); awaiting audit: {r.AwaitingAudit}" };
                lines.AddRange(r.ByArea.Concat(r.ByMonth).Select(g => $"{g.Key}: {g.Sentence}"));
                return string.Join(Environment.NewLine, lines);
            });
        return new Command("audits", "Case-file audits: draw a sample, list it, the results") { sample, show, results };
    }

    private static string SampleText(AuditedSample drawn)
    {
        var s = drawn.Sample;
        var lines = new List<string>
        {
            $"sample {s.Id}: {s.Cases} cases from {LocalDatePattern.Iso.Format(s.From)} to {LocalDatePattern.Iso.Format(s.To)}, seed {s.Seed.ToString(CultureInfo.InvariantCulture)}",
        };
        lines.AddRange(drawn.Cases.Select(c => string.Join('\t', c.Position.ToString(CultureInfo.InvariantCulture), AuditAreas.Key(c.Area), c.Kind, c.Reference, c.Status,
            c.FinalGrade is { } g ? CaseGrades.Key(g) : "")));
        lines.AddRange(AuditAreas.All.Select(a => (a, n: drawn.Cases.Count(c => c.Area == a))).Where(x => x.n > 0).Select(x => $"{AuditAreas.Key(x.a)}: {x.n}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static Command RecommendationsCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        Command Tracker(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<string>> act) => Refusable(command, configuration, time, console, act);
        var list = Tracker(new Command("list", "Every recommendation: code, published, plan, status, whether its measures are on track"),
            async (sp, _, ct) =>
            {
                var rows = await sp.GetRequiredService<RecommendationTracker>().ListAsync(ct);
                return string.Join(Environment.NewLine, [.. rows.Select(r => string.Join('\t', r.Code, LocalDatePattern.Iso.Format(r.PublishedOn), r.PlanWords,
                    Recommendations.Key(r.Status), Recommendations.Words(r.Standing))), $"{rows.Count} recommendation(s)"]);
            });
        var code = new Option<string>("--code") { Description = "The recommendation's number in the report (R1)", Required = true };
        var source = new Option<string>("--source") { Description = "The inspection it comes from", Required = true };
        var text = new Option<string>("--text") { Description = "What it says", Required = true };
        var published = new Option<string>("--published") { Description = "The day the report was published (yyyy-MM-dd)", Required = true };
        var owner = new Option<string?>("--owner") { Description = "The senior leader who owns it" };
        var add = Tracker(new Command("add", "Add a recommendation from an inspection (its first action plan is due six weeks after publication)") { code, source, text, published, owner },
            async (sp, parse, ct) =>
            {
                await sp.GetRequiredService<RecommendationTracker>().AddAsync(parse.GetValue(code), parse.GetValue(source), parse.GetValue(text), parse.GetValue(published),
                    parse.GetValue(owner), CliAuthor, ct);
                return "added recommendation " + parse.GetValue(code)!.Trim();
            });
        return new Command("recommendations", "The recommendation tracker: list, add") { list, add };
    }

    private static Command PackCommand(IConfiguration configuration, TimeProvider time, Console2 console)
    {
        var from = new Option<string>("--from") { Description = "First day of the period (yyyy-MM-dd)", Required = true };
        var to = new Option<string>("--to") { Description = "Day after the period (yyyy-MM-dd)", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx or pdf", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "pdf");
        var output = new Option<FileInfo>("--out") { Description = "The file to write", Required = true };
        var pack = new Command("pack", "The inspection pack for a period: every clock's compliance, trends, districts, breached cases, capacity, audits, recommendations")
            { from, to, format, output };
        return Refusable(pack, configuration, time, console, async (sp, parse, ct) =>
        {
            var packs = sp.GetRequiredService<InspectionPack>();
            if (!ReportPeriods.TryParse(parse.GetValue(from), parse.GetValue(to), packs.Zone, out var period, out var error)) throw InputException.For("from", error!);
            var file = parse.GetValue(output)!;
            var contents = await packs.GatherAsync(period, CliAuthor, ct);
            await WriteWholeAsync(file, async stream =>
            {
                if (parse.GetValue(format) == "pdf")
                    await stream.WriteAsync(await PackPdf.PrintAsync(PackDocument.Html(contents), contents.Marking, packs.Options.Chromium, ct), ct);
                else
                    PackWorkbook.Write(contents, stream);
            });
            return $"wrote {file.FullName}: {contents.Figures.Count} figures, {contents.Rows.Values.Sum(r => r.Count)} breached cases, {contents.Audits.All.Sentence}, " +
                $"{contents.Recommendations.Count} recommendations";
        });
    }

    /// <summary>Writes a file beside the target and moves it into place: a failed run leaves no half-written file.</summary>
    private static async Task WriteWholeAsync(FileInfo file, Func<Stream, Task> write)
    {
        var partial = file.FullName + ".partial";
        await using (var stream = File.Create(partial))
        {
            await write(stream);
        }
        File.Move(partial, file.FullName, overwrite: true);
    }
}
