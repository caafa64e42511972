using ClosedXML.Excel;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Inspection;

namespace Safeguard.App.Inspection;

/// <summary>
/// The pack as an XLSX workbook (ClosedXML): <c>Summary</c>, <c>Attendance</c>, <c>Notices</c>, <c>Missing</c>,
/// <c>Capacity</c>, <c>Audits</c>, <c>Recommendations</c>, then one sheet of the breached rows behind each figure that has
/// them (<c>Rows attendance</c>, …). Numbers are numbers, times are Excel dates in the force's zone, and every text cell is
/// stored as text, so a reference or note that looks like a formula (<c>=SUM(1+1)</c>) is never evaluated.
/// </summary>
public static class PackWorkbook
{
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    private const string DateFormat = "yyyy-mm-dd";

    public static void Write(PackContents pack, Stream output)
    {
        using var book = new XLWorkbook();
        var zone = pack.Period.Zone;
        Summary(book.AddWorksheet("Summary"), pack, zone);
        foreach (var section in Enum.GetValues<PackSection>())
            Section(book.AddWorksheet(section.ToString()), pack, section);
        Capacity(book.AddWorksheet("Capacity"), pack);
        Audits(book.AddWorksheet("Audits"), pack, zone);
        Recommendations(book.AddWorksheet("Recommendations"), pack);
        foreach (var (figure, rows) in pack.Rows)
            Rows(book.AddWorksheet(SheetOfRows(figure)), pack, figure, rows, zone);
        book.SaveAs(output);
    }

    /// <summary>The name of the sheet of a figure's breached rows.</summary>
    public static string SheetOfRows(string figure) => ("Rows " + figure)[..Math.Min(31, 5 + figure.Length)];

    private static void Summary(IXLWorksheet ws, PackContents pack, DateTimeZone zone)
    {
        var r = Heading(ws, pack, pack.Title);
        r = Header(ws, r, "Sheet", "Figure", "Title", "Population", "Within target", "Late", "Not done", "Pending", "% within target", "Target %", "Target from",
            "Meets target", "Median", "Median unit", "Breached rows", "Cancelled or not needed");
        foreach (var f in pack.Figures)
        {
            Put(ws, r, f.Section.ToString(), f.Figure, f.Title, f.Population, f.WithinTarget, f.Late, f.NotDone, f.Pending, f.Percent, f.TargetPercent, f.TargetFrom,
                f.MeetsTarget is { } meets ? (meets ? "yes" : "no") : null, f.Median, f.MedianUnit, pack.Rows.TryGetValue(f.Figure, out var rows) ? rows.Count : null, f.Cancelled);
            r++;
        }
        r++;
        Put(ws, r++, "Case audits", pack.Audits.All.Sentence);
        var standing = pack.Recommendations.GroupBy(x => x.Standing).ToDictionary(g => g.Key, g => g.Count());
        Put(ws, r++, "Recommendations", $"{pack.Recommendations.Count} recommendations: {standing.GetValueOrDefault(MeasureStanding.OnTrack)} on track, " +
            $"{standing.GetValueOrDefault(MeasureStanding.OffTrack)} off track, {standing.GetValueOrDefault(MeasureStanding.NoData)} without figures");
        Put(ws, r, "Capacity at", Local(pack.Capacity.At, zone));
        Widths(ws, 14, 24, 60, 11, 11, 8, 9, 9, 14, 9, 18, 12, 9, 11, 13);
    }

    private static void Section(IXLWorksheet ws, PackContents pack, PackSection section)
    {
        var r = Heading(ws, pack, section + ": compliance, by district and by month");
        foreach (var f in pack.Figures.Where(f => f.Section == section))
        {
            ws.Cell(r, 1).SetValue(f.Title).Style.Font.Bold = true;
            r++;
            r = Header(ws, r, "Part", "", "Population", "Within target", "Late", "Not done", "Pending", "% within target", "Median " + f.MedianUnit, "Cancelled");
            Put(ws, r++, "Whole period", null, f.Population, f.WithinTarget, f.Late, f.NotDone, f.Pending, f.Percent, f.Median, f.Cancelled);
            foreach (var d in f.ByDistrict) Put(ws, r++, "District", d.Label ?? "(not recorded)", d.Population, d.WithinTarget, d.Late, d.NotDone, d.Pending, d.Percent, d.Median, d.Cancelled);
            foreach (var m in f.ByMonth) Put(ws, r++, "Month", m.Label, m.Population, m.WithinTarget, m.Late, m.NotDone, m.Pending, m.Percent, m.Median, m.Cancelled);
            r++;
        }
        if (section == PackSection.Missing && pack.Report.Missing is { } missing)
        {
            ws.Cell(r++, 1).SetValue("Missing reports attended, by risk at report").Style.Font.Bold = true;
            r = Header(ws, r, "Risk", "Target minutes", "Population", "Within target", "Late", "Not attended", "Pending", "% within target");
            foreach (var k in missing.Attendance.ByRisk)
                Put(ws, r++, k.Risk, k.TargetMinutes, k.Population, k.WithinTarget, k.Late, k.NotAttended, k.Pending, k.PercentWithinTarget);
            r++;
            Put(ws, r, "Children missing more than once", missing.RepeatChildren);
        }
        Widths(ws, 40, 22, 11, 13, 8, 12, 9, 14, 12);
    }

    private static void Capacity(IXLWorksheet ws, PackContents pack)
    {
        var r = Heading(ws, pack, $"Capacity and backlogs: open clocks at the period's end, with the {pack.Capacity.WindowDays} days before");
        Put(ws, r++, "At", Local(pack.Capacity.At, pack.Period.Zone));
        r = Header(ws, r, "Queue", "Team", "Open", "Overdue", "Oldest hours", "Under 1 day", "1 to 3 days", "3 to 7 days", "7 days or more",
            "Arrivals per day", "Completions per day", "Days to clear", "Flag");
        foreach (var q in pack.Capacity.Queues)
        {
            var title = ClockKinds.TryParse(q.Queue, out var kind) ? kind.Title() : q.Queue;
            Put(ws, r++, title, q.Team ?? "Force", q.Open, q.Overdue, q.OldestHours, q.Ages.Under1d, q.Ages.From1To3d, q.Ages.From3To7d, q.Ages.Over7d,
                q.ArrivalsPerDay, q.CompletionsPerDay, q.ForecastDaysToClear, q.FlagWords);
        }
        Widths(ws, 34, 18, 8, 9, 12, 11, 11, 11, 13, 15, 18, 13, 24);
    }

    private static void Audits(IXLWorksheet ws, PackContents pack, DateTimeZone zone)
    {
        var a = pack.Audits;
        var r = Heading(ws, pack, "Case-file audits of the cases that began in the period");
        Put(ws, r++, "Result", a.All.Sentence);
        Put(ws, r++, "Moderated", a.Moderated, "grade changed at moderation", a.ModerationChanged);
        Put(ws, r++, "Sampled cases awaiting audit", a.AwaitingAudit);
        r++;
        r = Header(ws, r, "By", "", "Cases", "Good", "Requires improvement", "Inadequate");
        Put(ws, r++, "All", null, a.All.Total, a.All.Good, a.All.RequiresImprovement, a.All.Inadequate);
        foreach (var g in a.ByArea)
            Put(ws, r++, "Area", g.Words, g.Total, g.Good, g.RequiresImprovement, g.Inadequate);
        foreach (var g in a.ByMonth) Put(ws, r++, "Month audited", g.Words, g.Total, g.Good, g.RequiresImprovement, g.Inadequate);
        r++;
        // Grades only: what the auditors wrote is about the records, and is read on the case's page by auditors alone.
        r = Header(ws, r, "Sample", "Kind", "Reference", "Area", "Audited at", "Auditor", "Grade", "Moderated at", "Moderator", "Grade that stands");
        foreach (var c in pack.AuditedCases)
            Put(ws, r++, c.SampleId, Records.Words(c.Kind), c.Reference, AuditAreas.Words(c.Area), Local(c.AuditedAt, zone), c.Auditor,
                c.Grade is { } g1 ? CaseGrades.Words(g1) : null, Local(c.ModeratedAt, zone), c.Moderator, c.FinalGrade is { } g2 ? CaseGrades.Words(g2) : null);
        Widths(ws, 16, 22, 18, 20, 18, 26, 20, 18, 26, 20);
    }

    private static void Recommendations(IXLWorksheet ws, PackContents pack)
    {
        var r = Heading(ws, pack, "Recommendations, action plans and measures");
        r = Header(ws, r, "Code", "Source", "Recommendation", "Published", "Plan due", "Plan", "Owner", "Status", "Status evidence", "Measures", "Actions", "Actions done", "Actions overdue");
        var today = pack.PrintedAt.InZone(pack.Period.Zone).Date;
        foreach (var x in pack.Recommendations)
            Put(ws, r++, x.Code, x.Source, x.Text, x.PublishedOn, x.PlanDueOn, x.PlanWords, x.Owner, Domain.Inspection.Recommendations.Words(x.Status), x.StatusEvidence,
                Domain.Inspection.Recommendations.Words(x.Standing), x.Actions.Count, x.Actions.Count(a => a.DoneOn is not null),
                x.Actions.Count(a => Domain.Inspection.Recommendations.StateOf(a.DueOn, a.DoneOn, today) == ActionState.Overdue));
        r++;
        r = Header(ws, r, "Code", "Action", "Owner", "Due", "Done", "Evidence");
        foreach (var x in pack.Recommendations)
            foreach (var a in x.Actions)
                Put(ws, r++, x.Code, a.Text, a.Owner, a.DueOn, a.DoneOn, a.Evidence);
        r++;
        r = Header(ws, r, "Code", "Measure", "Target %", "Standing", "Month", "Measured", "Within target", "% within target");
        foreach (var x in pack.Recommendations)
            foreach (var m in x.Measures)
                foreach (var month in m.Months)
                    Put(ws, r++, x.Code, m.Figure.Title, m.TargetPercent, Domain.Inspection.Recommendations.Words(m.Standing), month.Month, month.Measured, month.WithinTarget, month.Percent);
        Widths(ws, 10, 40, 60, 12, 12, 28, 24, 14, 50, 14, 9, 12, 14);
    }

    private static void Rows(IXLWorksheet ws, PackContents pack, string figure, IReadOnlyList<PackRow> rows, DateTimeZone zone)
    {
        var title = pack.Figures.FirstOrDefault(f => f.Figure == figure)?.Title ?? figure;
        var r = Heading(ws, pack, $"The cases behind “{title}” that missed the target ({rows.Count})");
        r = Header(ws, r, "Kind", "Reference", "District", "Started", "Due", "Stopped", "State");
        // Tens of thousands of rows: the date format is set on the columns once, not on every cell.
        ws.Range(r, 4, Math.Max(r, r + rows.Count - 1), 6).Style.NumberFormat.Format = DateTimeFormat;
        foreach (var row in rows)
        {
            object?[] values = [Records.Words(row.Kind), row.Reference, row.District, Local(row.Start, zone), Local(row.Due, zone), Local(row.Stopped, zone), row.StateWords];
            for (var c = 0; c < values.Length; c++) Put(ws.Cell(r, c + 1), values[c], styled: false);
            r++;
        }
        Widths(ws, 16, 22, 20, 18, 18, 18, 14);
    }

    /// <summary>The marking, title, period and who printed it when, above every sheet; returns the next row.</summary>
    private static int Heading(IXLWorksheet ws, PackContents pack, string title)
    {
        ws.Cell(1, 1).SetValue(pack.Marking).Style.Font.Bold = true;
        ws.Cell(2, 1).SetValue(title).Style.Font.SetBold().Font.FontSize = 14;
        Put(ws, 3, "Period", pack.Period.From, "to (not including)", pack.Period.To, "time zone", pack.Period.Zone.Id);
        Put(ws, 4, "Printed at", Local(pack.PrintedAt, pack.Period.Zone), "by", pack.PrintedBy);
        ws.PageSetup.Header.Center.AddText(pack.Marking);
        ws.PageSetup.Footer.Center.AddText(pack.Marking);
        return 6;
    }

    private static int Header(IXLWorksheet ws, int row, params string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            var cell = ws.Cell(row, i + 1);
            cell.SetValue(names[i]);
            cell.DataType = XLDataType.Text;
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromArgb(0xF3, 0xF2, 0xF1);
        }
        return row + 1;
    }

    private static void Put(IXLWorksheet ws, int row, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) Put(ws.Cell(row, i + 1), values[i]);
    }

    /// <summary>One cell: text as text (never a formula), numbers as numbers, local times and days as Excel dates.</summary>
    private static void Put(IXLCell cell, object? value, bool styled = true)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                cell.SetValue(text);
                cell.DataType = XLDataType.Text;
                return;
            case int i:
                cell.SetValue(i);
                return;
            case long l:
                cell.SetValue(l);
                return;
            case double d:
                cell.SetValue(d);
                return;
            case LocalDateTime t:
                cell.SetValue(t.ToDateTimeUnspecified());
                if (styled) cell.Style.NumberFormat.Format = DateTimeFormat;
                return;
            case LocalDate day:
                cell.SetValue(day.ToDateTimeUnspecified());
                cell.Style.NumberFormat.Format = DateFormat;
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "The pack has no cell for this type.");
        }
    }

    private static LocalDateTime? Local(Instant? at, DateTimeZone zone) => at?.InZone(zone).LocalDateTime;

    private static void Widths(IXLWorksheet ws, params double[] widths)
    {
        for (var i = 0; i < widths.Length; i++) ws.Column(i + 1).Width = widths[i];
    }
}
