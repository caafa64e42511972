using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.App.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.App.Inspection;

/// <summary>
/// Configuration section <c>Inspection</c>: the force's name (in every page's header and on the pack; none until a force
/// names itself, the demonstration names itself in appsettings.Development.json) and the protective marking.
/// </summary>
public sealed class PackOptions
{
    public string Force { get; set; } = "";
    public string ProtectiveMarking { get; set; } = "OFFICIAL-SENSITIVE";

    /// <summary>The Chromium the PDF is printed with.</summary>
    public string Chromium { get; set; } = "/usr/bin/chromium";

    public static PackOptions Read(IConfiguration configuration)
    {
        var options = new PackOptions();
        configuration.GetSection("Inspection").Bind(options);
        options.Force = options.Force.Trim();
        if (string.IsNullOrWhiteSpace(options.ProtectiveMarking)) throw new InvalidOperationException("Inspection:ProtectiveMarking must give the marking (for example OFFICIAL-SENSITIVE).");
        return options;
    }
}

/// <summary>The sheet of the pack a figure belongs to.</summary>
public enum PackSection
{
    Attendance,
    Notices,
    Missing,
}

/// <summary>One part (a district or a month) of a figure.</summary>
public sealed record PackPart(string? Label, int Population, int WithinTarget, int Late, int NotDone, int Pending, double? Percent, double? Median)
{
    /// <summary>Clocks whose obligation ended before they were due: in the population, out of the percentage.</summary>
    public int Cancelled { get; init; }
}

/// <summary>
/// A figure of the pack: its compliance for the period, the percentage target it is held to (the policy's for attendance,
/// else a recommendation measure's), its months and districts where the report has them, and whether it has breached rows.
/// </summary>
public sealed record PackFigure(string Figure, PackSection Section, string Title, int Population, int WithinTarget, int Late, int NotDone, int Pending,
    double? Percent, double? Median, string MedianUnit, double? TargetPercent, string? TargetFrom, IReadOnlyList<PackPart> ByDistrict, IReadOnlyList<PackPart> ByMonth)
{
    /// <summary>
    /// Clocks whose obligation ended before they were due (for the PPN-due figure, incidents a supervisor said need no
    /// notice): in the population, out of the percentage.
    /// </summary>
    public int Cancelled { get; init; }

    /// <summary>What the percentage is of: the population but the pending and the cancelled.</summary>
    public int Measured => Population - Pending - Cancelled;

    /// <summary>Whether the period met the target: null when there is no target or nothing measured.</summary>
    public bool? MeetsTarget => TargetPercent is { } t && Percent is { } p ? p >= t : null;
}

/// <summary>A breached case behind a figure: its record, district, when its clock started and was due, when it stopped (late) and its state.</summary>
public sealed record PackRow(string Kind, string Reference, string? District, Instant Start, Instant Due, Instant? Stopped, Domain.Clocks.ClockState State)
{
    /// <summary>A drill-down's row (its state by the ledger's name).</summary>
    public static PackRow Of(ClockException e) =>
        new(e.Kind, e.Reference, e.District, e.Start, e.Due, e.StoppedAt, Domain.Clocks.ClockStates.TryParse(e.State, out var state) ? state : Domain.Clocks.ClockState.Breached);

    /// <summary>The state in the words every page uses ("Done late", "Overdue").</summary>
    public string StateWords => Domain.Clocks.ClockStates.Words(State);
}

/// <summary>Everything the pack shows for a period, gathered once for the workbook, the printable page and the PDF.</summary>
public sealed record PackContents(string Force, string Marking, ReportPeriod Period, Instant PrintedAt, string PrintedBy, PerformanceReportDto Report,
    IReadOnlyList<PackFigure> Figures, IReadOnlyDictionary<string, IReadOnlyList<PackRow>> Rows, CapacityDto Capacity, AuditResults Audits,
    IReadOnlyList<AuditedCase> AuditedCases, IReadOnlyList<RecommendationView> Recommendations)
{
    public string Title => Force.Length == 0 ? "Child protection inspection pack" : $"Child protection inspection pack: {Force}";

    /// <summary>The title of the performance report printed alone (<c>safeguard report --format pdf</c>).</summary>
    public string ReportTitle => Force.Length == 0 ? "Child protection performance report" : $"Child protection performance report: {Force}";
}

/// <summary>
/// The inspection pack for a period: every clock's compliance against its target, monthly trends, districts, the breached
/// cases behind each figure, capacity at the period's end (or now, for a period not yet over), the case audits of the
/// period's cases and the recommendation tracker — in one gathering, written as XLSX (<see cref="PackWorkbook"/>) or as a
/// printable page (<see cref="PackDocument"/>) and PDF (<see cref="PackPdf"/>).
/// </summary>
public sealed class InspectionPack(BuildPerformanceReport reports, BuildCapacityReport capacity, CaseAudits audits, RecommendationTracker recommendations,
    PackOptions options, IClock clock)
{
    public DateTimeZone Zone => reports.Zone;

    public PackOptions Options => options;

    public async Task<PackContents> GatherAsync(ReportPeriod period, string printedBy, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var report = await reports.BuildAsync(period, ct);
        var tracker = await recommendations.ListAsync(ct);
        var targets = tracker.SelectMany(r => r.Measures.Select(m => (m.Figure.Figure, m.TargetPercent, r.Code)))
            .GroupBy(m => m.Figure).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.TargetPercent).First());
        (double?, string?) Target(string figure) => targets.TryGetValue(figure, out var t) ? (t.TargetPercent, "recommendation " + t.Code) : (null, null);

        var figures = new List<PackFigure>();
        var a = report.Attendance;
        figures.Add(new PackFigure(RecommendationTracker.Attendance, PackSection.Attendance,
            $"{char.ToUpperInvariant(a.Grade[0])}{a.Grade[1..]} incidents involving children attended within {a.TargetMinutes:0} minutes",
            a.Population, a.WithinTarget, a.Late, a.NotAttended, a.Pending, a.PercentWithinTarget, a.MedianMinutes, "minutes", a.TargetPercent, "policy",
            [.. a.ByDistrict.Select(d => new PackPart(d.District, d.Population, d.WithinTarget, d.Late, d.NotAttended, d.Pending, d.PercentWithinTarget, d.MedianMinutes))],
            [.. a.ByMonth.Select(m => new PackPart(m.Month, m.Population, m.WithinTarget, m.Late, m.NotAttended, m.Pending, m.PercentWithinTarget, m.MedianMinutes))]));
        foreach (var (section, title, _, _) in BuildPerformanceReport.ClockSections)
        {
            var s = report.Clocks?.FirstOrDefault(c => c.Section == section);
            if (s is null) continue;
            var (target, from) = Target(section);
            figures.Add(new PackFigure(section, SectionOf(section), title, s.Population, s.WithinTarget, s.Late, s.NotDone, s.Pending, s.PercentWithinTarget, s.MedianMinutes,
                "minutes", target, from,
                [.. s.ByDistrict.Select(d => new PackPart(d.District, d.Population, d.WithinTarget, d.Late, d.NotDone, d.Pending, d.PercentWithinTarget, d.MedianMinutes) { Cancelled = d.Cancelled })],
                [.. s.ByMonth.Select(m => new PackPart(m.Month, m.Population, m.WithinTarget, m.Late, m.NotDone, m.Pending, m.PercentWithinTarget, m.MedianMinutes) { Cancelled = m.Cancelled })])
            { Cancelled = s.Cancelled });
        }
        if (report.Notices is { } n)
        {
            figures.Add(Whole(BuildPerformanceReport.NoticeSubmission, PackSection.Notices, $"Notices submitted within {n.Submission.TargetHours:0.#} hours of the concern",
                n.Submission.WithinTarget + n.Submission.Late, n.Submission.WithinTarget, n.Submission.Late, 0, 0, n.Submission.PercentWithinTarget, n.Submission.MedianHours, "hours"));
            figures.Add(Whole(BuildPerformanceReport.NoticeReview, PackSection.Notices, $"Notices reviewed by the MASH within {n.Review.TargetHours:0.#} hours ({n.Review.HighRiskTargetHours:0.#} when high risk)",
                n.Population, n.Review.WithinTarget, n.Review.Late, n.Review.NotReviewed, n.Review.Pending, n.Review.PercentWithinTarget, n.Review.MedianHours, "hours"));
            figures.Add(Whole(BuildPerformanceReport.NoticeSharing, PackSection.Notices, $"Red and amber notices shared with partners within {n.Sharing.TargetHours:0.#} hours",
                n.Sharing.Required, n.Sharing.WithinTarget, n.Sharing.Late, n.Sharing.NotShared, n.Sharing.Pending, n.Sharing.PercentWithinTarget, null, "hours"));
            if (n.NoticeDue is { } due)
                figures.Add(Whole(BuildPerformanceReport.NoticeDue, PackSection.Notices, $"Incidents involving children with a notice within {due.TargetHours:0.#} hours (or a reason none is needed)",
                    due.Population, due.WithinTarget, due.Late, due.NotSubmitted, due.Pending, due.PercentWithinTarget, null, "hours") with
                { Cancelled = due.NotNeeded });
        }
        if (report.Missing is { } m)
        {
            var at = m.Attendance;
            figures.Add(Whole(BuildPerformanceReport.MissingAttendance, PackSection.Missing, "Missing children's reports attended within the target for their risk",
                m.Population, at.WithinTarget, at.Late, at.NotAttended, at.Pending, at.PercentWithinTarget, null, "minutes"));
            var ri = m.ReturnInterview;
            figures.Add(Whole(BuildPerformanceReport.ReturnInterview, PackSection.Missing, $"Return home interviews offered within {ri.TargetHours:0.#} hours of the child being found",
                ri.Due, ri.WithinTarget, ri.Late, ri.NotOffered, ri.Pending, ri.PercentWithinTarget, null, "hours"));
        }
        // Figures in the pack's order: the sections' sheets in turn.
        figures = [.. figures.OrderBy(f => f.Section)];

        var gathered = new Dictionary<string, IReadOnlyList<PackRow>>
        {
            [RecommendationTracker.Attendance] = await ListAsync(reports.Exceptions(period, null, null, ct)
                .Select(e => new PackRow(Records.Incident, e.Reference, e.District, e.CreatedAt, e.CreatedAt + Duration.FromMinutes(a.TargetMinutes), e.ArrivedAt,
                    e.Outcome == Domain.Reporting.AttendanceOutcome.Late ? Domain.Clocks.ClockState.MetLate : Domain.Clocks.ClockState.Breached)), ct),
        };
        foreach (var (section, missed) in await reports.ClockExceptionsBySectionAsync(period, ct))
            gathered[section] = [.. missed.Select(PackRow.Of)];
        var parts = await reports.NoticeAndMissingPartsAsync(period, ct);
        foreach (var figure in figures.Where(f => parts.ByMonth.ContainsKey(f.Figure)).Select(f => f.Figure))
            gathered[figure] = [.. parts.Missed.Where(o => o.Figure == figure).Select(o => PackRow.Of(o.Row))];
        static PackPart Part(string? label, Domain.Reporting.TargetFigures f) => new(label, f.Population, f.WithinTarget, f.Late, f.NotDone, f.Pending, f.PercentWithinTarget, null);
        figures = [.. figures.Select(f => parts.ByMonth.TryGetValue(f.Figure, out var byMonth)
            ? f with
            {
                ByMonth = [.. byMonth.Select(m => Part(NodaTime.Text.YearMonthPattern.Iso.Format(m.Month), m.Figures))],
                ByDistrict = [.. parts.ByDistrict[f.Figure].Select(d => Part(d.District, d.Figures))],
            }
            : f)];

        // In the summary's order, so the workbook's row sheets follow it.
        var rows = figures.Where(f => gathered.ContainsKey(f.Figure)).ToDictionary(f => f.Figure, f => gathered[f.Figure]);
        var capacityAt = period.End < now ? period.End : now;
        var queues = await capacity.BuildAsync(capacityAt, BuildCapacityReport.DefaultWindowDays, ct);
        var results = await audits.ResultsAsync(period, ct);
        var audited = await audits.AuditedCasesAsync(period, ct);
        return new PackContents(options.Force, options.ProtectiveMarking, period, now, printedBy, report, figures, rows, queues, results, audited, tracker);

        PackFigure Whole(string figure, PackSection section, string title, int population, int within, int late, int notDone, int pending, double? percent,
            double? median, string unit)
        {
            var (target, from) = Target(figure);
            return new PackFigure(figure, section, title, population, within, late, notDone, pending, percent, median, unit, target, from, [], []);
        }
    }

    private static PackSection SectionOf(string clockSection) => clockSection switch
    {
        "encompass" => PackSection.Notices,
        "missing-reviews" or "prevention-interviews" => PackSection.Missing,
        _ => PackSection.Attendance,
    };

    private static async Task<IReadOnlyList<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(ct)) list.Add(row);
        return list;
    }
}
