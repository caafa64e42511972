using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Reporting;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Inspection;

namespace Safeguard.App.Inspection;

/// <summary>
/// The pack as one printable HTML document (its own styles, no script, no external resource): the protective marking at
/// the top and the bottom, the title, period, when and by whom it was printed, then every figure with its trend against
/// the target, districts and the first breached cases (all of them are in the workbook), capacity, audits and the
/// recommendation tracker. The web page serves it and the PDF is printed from it.
/// </summary>
public static class PackDocument
{
    /// <summary>Breached cases listed under each figure on paper; the rest are counted and are in the workbook.</summary>
    public const int RowsShown = 25;

    /// <summary>The content-security-policy hash of the document's one style block ("sha256-…").</summary>
    public static string StyleHash { get; } =
        "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Styles)));

    /// <summary>
    /// The whole pack; or, with <paramref name="reportOnly"/>, the performance report alone (every figure by month and
    /// district with its missed cases, as the Performance page shows it: no capacity, audits or recommendations).
    /// </summary>
    public static string Html(PackContents pack, bool reportOnly = false)
    {
        var zone = pack.Period.Zone;
        var title = reportOnly ? pack.ReportTitle : pack.Title;
        var h = new HtmlWriter();
        h.Raw("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Raw("<title>").Text(title).Raw("</title><style>").Raw(Styles).Raw("</style></head><body>");
        h.Raw("<p class=\"marking\">").Text(pack.Marking).Raw("</p><main><h1>").Text(title).Raw("</h1><dl class=\"meta\">");
        Term(h, "Period", $"{Day(pack.Period.From)} to {Day(pack.Period.To.PlusDays(-1))} (days in {zone.Id})");
        Term(h, "Printed at", When(pack.PrintedAt, zone));
        Term(h, "Printed by", pack.PrintedBy);
        Term(h, "Policy version", pack.Report.Policy?.Version?.ToString(CultureInfo.InvariantCulture) ?? "default");
        h.Raw("</dl>");

        h.Raw("<section><h2>Summary</h2><table><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"n\">Population</th>")
            .Raw("<th scope=\"col\" class=\"n\">Within</th><th scope=\"col\" class=\"n\">Late</th><th scope=\"col\" class=\"n\">Not done</th>")
            .Raw("<th scope=\"col\" class=\"n\">Pending</th><th scope=\"col\" class=\"n\">% within</th><th scope=\"col\" class=\"n\">Target</th><th scope=\"col\">Met</th></tr></thead><tbody>");
        foreach (var f in pack.Figures)
        {
            h.Raw("<tr><th scope=\"row\">").Text(f.Title).Raw("</th>");
            foreach (var n in new[] { f.Population, f.WithinTarget, f.Late, f.NotDone, f.Pending }) h.Raw("<td class=\"n\">").Text(Number(n)).Raw("</td>");
            h.Raw("<td class=\"n\">").Text(Percent(f.Percent)).Raw("</td><td class=\"n\">").Text(Percent(f.TargetPercent)).Raw("</td><td>")
                .Text(f.MeetsTarget switch { true => "Yes", false => "No", null => "" }).Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
        if (!reportOnly) h.Raw("<p>").Text($"Case audits: {pack.Audits.All.Sentence}.").Raw("</p>");
        h.Raw("</section>");

        foreach (var section in Enum.GetValues<PackSection>())
        {
            h.Raw("<section><h2>").Text(section.ToString()).Raw("</h2>");
            foreach (var f in pack.Figures.Where(f => f.Section == section)) Figure(h, pack, f, zone);
            h.Raw("</section>");
        }

        if (!reportOnly)
        {
            Capacity(h, pack);
            Audits(h, pack);
            Recommendations(h, pack);
        }
        h.Raw("</main><p class=\"marking\">").Text(pack.Marking).Raw("</p></body></html>");
        return h.ToString();
    }

    private static void Figure(HtmlWriter h, PackContents pack, PackFigure f, DateTimeZone zone)
    {
        h.Raw("<div class=\"figure\"><h3>").Text(f.Title).Raw("</h3><p>")
            .Text($"{Percent(f.Percent)} within target ({Number(f.WithinTarget)} of {Number(f.Measured)} measured; {Number(f.Late)} late, {Number(f.NotDone)} not done, {Number(f.Pending)} pending")
            .Text(f.Cancelled > 0 ? $", {Number(f.Cancelled)} cancelled or not needed)" : ")")
            .Text(f.TargetPercent is { } t ? $"; target {t:0.#}% ({f.TargetFrom})" : "; no percentage target set")
            .Text(f.Median is { } m ? $"; median {m:0.#} {f.MedianUnit}." : ".").Raw("</p>");
        if (f.ByMonth.Count > 0)
        {
            h.Raw("<div class=\"chart\" role=\"img\" aria-label=\"").Text($"Monthly trend of {f.Title}").Raw("\">")
                .Raw(TrendChart.Svg([.. f.ByMonth.Select(x => (x.Label ?? "", x.Percent))], "% within target", f.TargetPercent, 700, 260)).Raw("</div>");
            Parts(h, "Month", f.ByMonth);
        }
        if (f.ByDistrict.Count > 0) Parts(h, "District", f.ByDistrict);
        if (pack.Rows.TryGetValue(f.Figure, out var rows))
        {
            h.Raw("<p>").Text(rows.Count == 0 ? "No case missed the target."
                : rows.Count <= RowsShown ? $"The {rows.Count} cases that missed the target:"
                : $"The first {RowsShown} of the {rows.Count} cases that missed the target (all are on the sheet “{PackWorkbook.SheetOfRows(f.Figure)}” of the workbook):").Raw("</p>");
            if (rows.Count > 0)
            {
                h.Raw("<table class=\"rows\"><thead><tr><th scope=\"col\">Reference</th><th scope=\"col\">District</th><th scope=\"col\">Started</th>")
                    .Raw("<th scope=\"col\">Due</th><th scope=\"col\">Stopped</th><th scope=\"col\">State</th></tr></thead><tbody>");
                foreach (var r in rows.Take(RowsShown))
                    h.Raw("<tr><td>").Text(r.Reference).Raw("</td><td>").Text(r.District ?? "").Raw("</td><td>").Text(When(r.Start, zone)).Raw("</td><td>")
                        .Text(When(r.Due, zone)).Raw("</td><td>").Text(r.Stopped is { } s ? When(s, zone) : "").Raw("</td><td>").Text(r.StateWords).Raw("</td></tr>");
                h.Raw("</tbody></table>");
            }
        }
        h.Raw("</div>");
    }

    private static void Parts(HtmlWriter h, string by, IReadOnlyList<PackPart> parts)
    {
        h.Raw("<table class=\"parts\"><thead><tr><th scope=\"col\">").Text(by).Raw("</th><th scope=\"col\" class=\"n\">Population</th><th scope=\"col\" class=\"n\">Within</th>")
            .Raw("<th scope=\"col\" class=\"n\">Late</th><th scope=\"col\" class=\"n\">Not done</th><th scope=\"col\" class=\"n\">Pending</th><th scope=\"col\" class=\"n\">% within</th></tr></thead><tbody>");
        foreach (var p in parts)
        {
            h.Raw("<tr><th scope=\"row\">").Text(p.Label ?? "(not recorded)").Raw("</th>");
            foreach (var n in new[] { p.Population, p.WithinTarget, p.Late, p.NotDone, p.Pending }) h.Raw("<td class=\"n\">").Text(Number(n)).Raw("</td>");
            h.Raw("<td class=\"n\">").Text(Percent(p.Percent)).Raw("</td></tr>");
        }
        h.Raw("</tbody></table>");
    }

    private static void Capacity(HtmlWriter h, PackContents pack)
    {
        h.Raw("<section><h2>Capacity</h2><p>").Text($"Open clocks at {When(pack.Capacity.At, pack.Period.Zone)}, with arrivals and completions over the {pack.Capacity.WindowDays} days before. ")
            .Text("Districts are shown where their queue is flagged.").Raw("</p>");
        h.Raw("<table><thead><tr><th scope=\"col\">Queue</th><th scope=\"col\">Team</th><th scope=\"col\" class=\"n\">Open</th><th scope=\"col\" class=\"n\">Overdue</th>")
            .Raw("<th scope=\"col\" class=\"n\">Oldest (hours)</th><th scope=\"col\" class=\"n\">In per day</th><th scope=\"col\" class=\"n\">Out per day</th>")
            .Raw("<th scope=\"col\" class=\"n\">Days to clear</th><th scope=\"col\">Flag</th></tr></thead><tbody>");
        foreach (var q in pack.Capacity.Queues.Where(q => q.Team is null || q.FlagWords is not null))
        {
            h.Raw("<tr><th scope=\"row\">").Text(ClockKinds.TryParse(q.Queue, out var kind) ? kind.Title() : q.Queue).Raw("</th><td>").Text(q.Team ?? "Force").Raw("</td>");
            foreach (var v in new[] { Number(q.Open), Number(q.Overdue), Decimal(q.OldestHours), Decimal(q.ArrivalsPerDay), Decimal(q.CompletionsPerDay),
                         q.ForecastDaysToClear is { } d ? Decimal(d) : "not clearing" })
                h.Raw("<td class=\"n\">").Text(v).Raw("</td>");
            h.Raw("<td>").Text(q.FlagWords ?? "").Raw("</td></tr>");
        }
        h.Raw("</tbody></table></section>");
    }

    private static void Audits(HtmlWriter h, PackContents pack)
    {
        var a = pack.Audits;
        h.Raw("<section><h2>Case-file audits</h2><p>").Text($"Audited cases that began in the period: {a.All.Sentence}. {a.Moderated} moderated by a second auditor, ")
            .Text($"{a.ModerationChanged} of them with the grade changed; {a.AwaitingAudit} sampled cases still to audit.").Raw("</p>");
        if (a.All.Total > 0)
        {
            h.Raw("<table><thead><tr><th scope=\"col\">Area</th><th scope=\"col\" class=\"n\">Cases</th><th scope=\"col\" class=\"n\">Good</th>")
                .Raw("<th scope=\"col\" class=\"n\">Requires improvement</th><th scope=\"col\" class=\"n\">Inadequate</th></tr></thead><tbody>");
            foreach (var g in a.ByArea.Concat(a.ByMonth))
                h.Raw("<tr><th scope=\"row\">").Text(g.Words).Raw("</th><td class=\"n\">")
                    .Text(Number(g.Total)).Raw("</td><td class=\"n\">").Text(Number(g.Good)).Raw("</td><td class=\"n\">").Text(Number(g.RequiresImprovement))
                    .Raw("</td><td class=\"n\">").Text(Number(g.Inadequate)).Raw("</td></tr>");
            h.Raw("</tbody></table>");
        }
        h.Raw("</section>");
    }

    private static void Recommendations(HtmlWriter h, PackContents pack)
    {
        h.Raw("<section><h2>Recommendations</h2>");
        if (pack.Recommendations.Count == 0) h.Raw("<p>No recommendations are being tracked.</p>");
        foreach (var r in pack.Recommendations)
        {
            h.Raw("<div class=\"figure\"><h3>").Text($"{r.Code}: {r.Text}").Raw("</h3><dl class=\"meta\">");
            Term(h, "Source", $"{r.Source}, published {Day(r.PublishedOn)}");
            Term(h, "Action plan", $"{r.PlanWords} (due {Day(r.PlanDueOn)})");
            Term(h, "Status", Domain.Inspection.Recommendations.Words(r.Status) + (r.StatusEvidence is { } e ? ": " + e : ""));
            Term(h, "Measures", Domain.Inspection.Recommendations.Words(r.Standing));
            h.Raw("</dl>");
            if (r.Actions.Count > 0)
            {
                h.Raw("<table><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Done</th></tr></thead><tbody>");
                foreach (var x in r.Actions)
                    h.Raw("<tr><td>").Text(x.Text).Raw("</td><td>").Text(x.Owner).Raw("</td><td>").Text(Day(x.DueOn)).Raw("</td><td>")
                        .Text(x.DoneOn is { } d ? Day(d) + (x.Evidence is { } ev ? ": " + ev : "") : "").Raw("</td></tr>");
                h.Raw("</tbody></table>");
            }
            foreach (var m in r.Measures)
            {
                h.Raw("<p>").Text($"{m.Figure.Title}: target {m.TargetPercent:0.#}%, {Domain.Inspection.Recommendations.Words(m.Standing).ToLowerInvariant()}.").Raw("</p>");
                h.Raw("<div class=\"chart\" role=\"img\" aria-label=\"").Text($"Monthly progress of {m.Figure.Title}").Raw("\">")
                    .Raw(TrendChart.Svg([.. m.Months.Select(x => (x.Month, x.Percent))], "% within target", m.TargetPercent, 700, 240)).Raw("</div>");
            }
            h.Raw("</div>");
        }
        h.Raw("</section>");
    }

    private static void Term(HtmlWriter h, string term, string value) => h.Raw("<div><dt>").Text(term).Raw("</dt><dd>").Text(value).Raw("</dd></div>");

    private static string When(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone);
        return LocalDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm").Format(local.LocalDateTime) + " " + local.Zone.GetZoneInterval(at).Name;
    }

    private static string Day(LocalDate day) => LocalDatePattern.CreateWithInvariantCulture("d MMM uuuu").Format(day);
    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Decimal(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Percent(double? p) => p is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    private const string Styles = """
        @page { size: A4; margin: 16mm 12mm 18mm; }
        body { font-family: Arial, "DejaVu Sans", Helvetica, sans-serif; color: #0b0c0c; margin: 0 auto; max-width: 60rem; padding: 0 1rem; font-size: 11pt; }
        .marking { text-align: center; font-weight: bold; letter-spacing: .05em; margin: .5rem 0; }
        h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.3rem; border-bottom: 2px solid #0b0c0c; margin-top: 1.5rem; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; } dl.meta div { display: contents; } dt { font-weight: bold; } dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .9em; } th, td { border-bottom: 1px solid #b1b4b6; padding: .2rem .35rem; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #0b0c0c; } .n { text-align: right; font-variant-numeric: tabular-nums; }
        h2, h3 { break-after: avoid-page; } .figure { break-inside: avoid-page; } .chart svg { width: 100%; height: auto; max-width: 700px; } table.rows { font-size: .8em; }
        p, dd, td { overflow-wrap: break-word; }
        @media screen and (max-width: 640px) { table { display: block; overflow-x: auto; } }
        """;

    /// <summary>A small HTML writer: text is always encoded, markup only where written as such.</summary>
    private sealed class HtmlWriter
    {
        private readonly StringBuilder _sb = new();

        public HtmlWriter Raw(string markup)
        {
            _sb.Append(markup);
            return this;
        }

        public HtmlWriter Text(string text)
        {
            _sb.Append(HtmlEncoder.Default.Encode(text));
            return this;
        }

        public override string ToString() => _sb.ToString();
    }
}
