using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.App.Reporting;

/// <summary>Reads the incidents a report period needs and hands them to the domain's report builder.</summary>
public sealed class BuildPerformanceReport(AppDbContext db, Clocks.PolicyVersions policies, IClock clock)
{
    private SafeguardPolicy Policies => policies.Current;

    /// <summary>The policy version the report measures against (the one in force now).</summary>
    public PolicyDto Policy => new(policies.CurrentId, policies.CurrentEffectiveFrom?.ToString());

    /// <summary>The zone report periods are read in (the policy's).</summary>
    public DateTimeZone Zone => Policies.Zone;

    public async Task<AttendanceReport> RunAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var builder = new AttendanceReportBuilder(period, Policies.Attendance, clock.GetCurrentInstant());
        await foreach (var row in Project(Population(period)).AsAsyncEnumerable().WithCancellation(cancellationToken))
            builder.Add(row);
        return builder.Build();
    }

    /// <summary>The whole report for a period, as the CLI, the API and the page give it.</summary>
    public async Task<PerformanceReportDto> BuildAsync(ReportPeriod period, CancellationToken cancellationToken = default) =>
        PerformanceReportDto.From(await RunAsync(period, cancellationToken), Policy, await MissingAsync(period, cancellationToken),
            await NoticesAsync(period, cancellationToken), await NoticeDueAsync(period, cancellationToken)) with
        {
            Clocks = [.. (await ClockSectionsAsync(period, cancellationToken)).Select(ClockSectionDto.From)],
        };

    /// <summary>
    /// The sections read straight from the ledger, one per clock the attendance, notices and missing sections do not
    /// already report: immediate-grade and all-grade attendance of child-involved incidents (on the policy's grade
    /// basis), child seen and spoken to, Operation Encompass, missing risk reviews, prevention interviews.
    /// </summary>
    public static IReadOnlyList<(string Section, string Title, ClockKind Kind, Func<PlacedClock, GradeBasis, bool> Holds)> ClockSections { get; } =
    [
        ("attendance-immediate", "Immediate incidents involving children attended", ClockKind.Attendance,
            (p, basis) => p.ChildrenInvolved && (basis == GradeBasis.Initial ? p.InitialGrade : p.CurrentGrade) == Grade.Immediate),
        ("attendance-all-grades", "Incidents involving children attended, every grade", ClockKind.Attendance, (p, _) => p.ChildrenInvolved),
        ("child-seen", "Children seen and spoken to", ClockKind.ChildSeen, (_, _) => true),
        ("encompass", "Schools told before the next school day (Operation Encompass)", ClockKind.Encompass, (_, _) => true),
        ("missing-reviews", "Missing children's risk reviewed", ClockKind.MissingReview, (_, _) => true),
        ("prevention-interviews", "Prevention interviews after a missing child is found", ClockKind.PreventionInterview, (_, _) => true),
    ];

    /// <summary>
    /// The clocks behind a clock section's figure that missed the target (late, or not done and past due), oldest first,
    /// optionally for one district (empty string: not recorded) or month; one page of them, with the true total.
    /// </summary>
    public Task<Subjects.Paged<ClockException>> ClockExceptionsAsync(ReportPeriod period, string? section, string? district, YearMonth? month,
        Subjects.PageRequest page, CancellationToken cancellationToken = default)
    {
        var rows = ClockExceptions(period, section, district, month, cancellationToken);
        return Subjects.Paging.OfAsync(() => rows, page, cancellationToken);
    }

    /// <summary>Every clock behind a clock section's figure that missed the target, oldest first (the drill-down's rows, for a download).</summary>
    public IAsyncEnumerable<ClockException> ClockExceptions(ReportPeriod period, string? section, string? district, YearMonth? month,
        CancellationToken cancellationToken = default)
    {
        var definition = ClockSections.FirstOrDefault(s => s.Section == section);
        if (definition.Section is null) throw InputException.For("section", $"section must be one of {string.Join(", ", ClockSections.Select(s => s.Section))}");
        return ClockExceptionsOf([definition], period, district, month, cancellationToken).Select(e => e.Row);
    }

    /// <summary>Every clock section's missed clocks, section by section in one read of the ledger (the pack's row sheets).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ClockException>>> ClockExceptionsBySectionAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var found = ClockSections.ToDictionary(s => s.Section, _ => new List<ClockException>());
        await foreach (var (section, row) in ClockExceptionsOf(ClockSections, period, null, null, cancellationToken)) found[section].Add(row);
        return found.ToDictionary(f => f.Key, f => (IReadOnlyList<ClockException>)f.Value);
    }

    private async IAsyncEnumerable<(string Section, ClockException Row)> ClockExceptionsOf(
        IReadOnlyList<(string Section, string Title, ClockKind Kind, Func<PlacedClock, GradeBasis, bool> Holds)> sections, ReportPeriod period, string? district,
        YearMonth? month, [EnumeratorCancellation] CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var kinds = sections.Select(s => s.Kind).Distinct().ToList();
        var (start, end, basis) = (period.Start, period.End, Policies.Attendance.GradeBasis);
        var rows = PlacedClocks.Of(db).Where(p => kinds.Contains(p.Clock.Kind) && p.Clock.StartAt >= start && p.Clock.StartAt < end)
            .OrderBy(p => p.Clock.StartAt).ThenBy(p => p.Clock.Id);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (district is not null && (row.District ?? "") != district) continue;
            if (month is { } m && period.MonthOf(row.Clock.StartAt) != m) continue;
            var entry = row.Clock.ToEntry();
            var state = entry.StateAt(now);
            if (state is not (ClockState.MetLate or ClockState.Breached)) continue;
            ClockException? missed = null;
            foreach (var section in sections)
            {
                if (section.Kind != row.Clock.Kind || !section.Holds(row, basis)) continue;
                missed ??= new ClockException(row.RecordKind, row.Reference, row.District, entry.Start, entry.DueAsOf(now), entry.StoppedAt, ClockStates.Name(state));
                yield return (section.Section, missed);
            }
        }
    }

    public async Task<IReadOnlyList<ClockSection>> ClockSectionsAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var builders = ClockSections.Select(s => (s, Builder: new ClockSectionBuilder(s.Section, period, now))).ToList();
        var kinds = ClockSections.Select(s => s.Kind).Distinct().ToList();
        var (start, end) = (period.Start, period.End);
        var basis = Policies.Attendance.GradeBasis;
        var rows = PlacedClocks.Of(db).Where(p => kinds.Contains(p.Clock.Kind) && p.Clock.StartAt >= start && p.Clock.StartAt < end);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var entry = row.Clock.ToEntry();
            foreach (var (section, builder) in builders)
                if (section.Kind == row.Clock.Kind && section.Holds(row, basis)) builder.Add(entry, row.District);
        }
        return [.. builders.Select(b => b.Builder.Build())];
    }

    public const string NoticeSubmission = "notice-submission";
    public const string NoticeReview = "notice-review";
    public const string NoticeSharing = "notice-sharing";
    public const string NoticeDue = "notice-due";
    public const string MissingAttendance = "missing-attendance";
    public const string ReturnInterview = "return-interview";

    /// <summary>
    /// The notices and missing figures taken apart, judged by the same builders that count them: the cases that missed
    /// each target (figure by figure, oldest first within each), and each figure by month (of the concern, the report or
    /// the incident) and, where the record has one, by district — so a figure's rows are exactly its late and not done.
    /// </summary>
    public async Task<FigureParts> NoticeAndMissingPartsAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var missed = new List<(string Figure, ClockException Row)>();
        var months = new Dictionary<(string Figure, YearMonth Month), OutcomeCounts>();
        var districts = new Dictionary<(string Figure, string? District), OutcomeCounts>();
        void Count(string figure, Instant began, string? district, bool byDistrict, TimedOutcome o, string kind, string reference)
        {
            var month = period.MonthOf(began);
            if (!months.TryGetValue((figure, month), out var m)) months[(figure, month)] = m = new OutcomeCounts();
            m.Add(o.Outcome);
            if (byDistrict)
            {
                if (!districts.TryGetValue((figure, district), out var d)) districts[(figure, district)] = d = new OutcomeCounts();
                d.Add(o.Outcome);
            }
            if (o.Missed)
                missed.Add((figure, new ClockException(kind, reference, district, o.Start, o.Due, o.Stopped,
                    ClockStates.Name(o.Outcome == AttendanceOutcome.Late ? ClockState.MetLate : ClockState.Breached))));
        }

        var notices = new Safeguard.Domain.Notices.NoticeReportBuilder(period, Policies.Notices, now);
        var (start, end) = (period.Start, period.End);
        var rows = db.Notices.AsNoTracking().Where(n => n.OccurredAt >= start && n.OccurredAt < end).OrderBy(n => n.OccurredAt).ThenBy(n => n.Reference)
            .Select(n => new { n.Reference, Facts = new Safeguard.Domain.Notices.NoticeFacts("", n.IncidentReference, n.Type, n.OfficerRisk, n.OccurredAt, n.SubmittedAt, n.ReviewedAt, n.Rag, n.SharedAt, null) });
        await foreach (var n in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (notices.Add(n.Facts) is not { } outcome) continue;
            Count(NoticeSubmission, n.Facts.OccurredAt, null, false, outcome.Submission, Records.Notice, n.Reference);
            Count(NoticeReview, n.Facts.OccurredAt, null, false, outcome.Review, Records.Notice, n.Reference);
            if (outcome.Sharing is { } sharing) Count(NoticeSharing, n.Facts.OccurredAt, null, false, sharing, Records.Notice, n.Reference);
        }

        var due = PlacedClocks.Of(db).Where(p => p.Clock.Kind == ClockKind.NoticeDue && p.Clock.StartAt >= start && p.Clock.StartAt < end)
            .OrderBy(p => p.Clock.StartAt).ThenBy(p => p.Clock.Id);
        await foreach (var p in due.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var entry = p.Clock.ToEntry();
            // As the PPN-due figure counts them: a reason that none is needed leaves the incident out.
            AttendanceOutcome? outcome = entry.StateAt(now) switch
            {
                ClockState.Met => AttendanceOutcome.WithinTarget,
                ClockState.MetLate => AttendanceOutcome.Late,
                ClockState.Breached => AttendanceOutcome.NotAttended,
                ClockState.Cancelled => null,
                ClockState.Running or ClockState.Warning or ClockState.Paused => AttendanceOutcome.Pending,
            };
            if (outcome is { } o)
                Count(NoticeDue, entry.Start, p.District, true, new TimedOutcome(entry.Start, entry.DueAsOf(now), entry.StoppedAt, o), p.RecordKind, p.Reference);
        }

        var missing = new MissingReportBuilder(period, Policies.Missing, now);
        var (first, last) = (missing.FirstNeeded, period.End);
        var episodes = db.MissingEpisodes.AsNoTracking().Where(m => m.ReportedAt >= first && m.ReportedAt < last).OrderBy(m => m.ReportedAt).ThenBy(m => m.Reference)
            .Select(m => new { m.District, Row = new EpisodeRow(m.Reference, m.Child.Reference, m.ReportedAt, m.RiskAtReport, m.AttendedAt, m.FoundAt, m.ReturnInterviewOfferedAt) });
        await foreach (var m in episodes.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (missing.Add(m.Row) is not { } outcome) continue;
            if (outcome.Attendance is { } attendance) Count(MissingAttendance, m.Row.ReportedAt, m.District, true, attendance, Records.Missing, m.Row.Reference);
            if (outcome.ReturnInterview is { } interview) Count(ReturnInterview, m.Row.ReportedAt, m.District, true, interview, Records.Missing, m.Row.Reference);
        }

        string[] figures = [NoticeSubmission, NoticeReview, NoticeSharing, NoticeDue, MissingAttendance, ReturnInterview];
        return new FigureParts(
            [.. figures.SelectMany(f => missed.Where(x => x.Figure == f))],
            figures.ToDictionary(f => f, f => (IReadOnlyList<(YearMonth, TargetFigures)>)[.. period.Months().Select(month =>
                (month, months.TryGetValue((f, month), out var c) ? c.Figures() : new OutcomeCounts().Figures()))]),
            figures.ToDictionary(f => f, f => (IReadOnlyList<(string?, TargetFigures)>)[.. districts.Where(d => d.Key.Figure == f)
                .OrderBy(d => d.Key.District ?? "\uffff", StringComparer.Ordinal).Select(d => (d.Key.District, d.Value.Figures()))]));
    }

    /// <summary>
    /// The PPN-due figures: child-involved incidents created in the period, each judged by its PPN-due clock in the
    /// ledger (under the policy version it started with).
    /// </summary>
    public async Task<Safeguard.Domain.Notices.NoticeDueFigures> NoticeDueAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var builder = new Safeguard.Domain.Notices.NoticeDueReportBuilder(period, Policies.Notices.Submission, clock.GetCurrentInstant());
        var (start, end) = (period.Start, period.End);
        var clocks = db.Clocks.AsNoTracking().Where(c => c.Kind == ClockKind.NoticeDue && c.StartAt >= start && c.StartAt < end)
            .Select(c => new ClockEntry(c.Kind, c.StartAt, c.Target, c.WarningAt, c.DueAt, c.StoppedAt, c.EndedAt, c.WithdrawnAt, c.PausedSince));
        await foreach (var entry in clocks.AsAsyncEnumerable().WithCancellation(cancellationToken))
            builder.Add(entry);
        return builder.Build();
    }

    /// <summary>The notices section: notices whose concern arose in the period.</summary>
    public async Task<Safeguard.Domain.Notices.NoticeReport> NoticesAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var builder = new Safeguard.Domain.Notices.NoticeReportBuilder(period, Policies.Notices, clock.GetCurrentInstant());
        var (start, end) = (period.Start, period.End);
        // The figures need no child and no agencies: those fields stay empty here.
        var rows = db.Notices.AsNoTracking().Where(n => n.OccurredAt >= start && n.OccurredAt < end)
            .Select(n => new Safeguard.Domain.Notices.NoticeFacts("", n.IncidentReference, n.Type, n.OfficerRisk, n.OccurredAt, n.SubmittedAt, n.ReviewedAt, n.Rag, n.SharedAt, null));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            builder.Add(row);
        return builder.Build();
    }

    /// <summary>The missing section: episodes reported in the period, with earlier ones read for repeat missing.</summary>
    public async Task<MissingReport> MissingAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var builder = new MissingReportBuilder(period, Policies.Missing, clock.GetCurrentInstant());
        var (first, end) = (builder.FirstNeeded, period.End);
        var rows = db.MissingEpisodes.AsNoTracking().Where(m => m.ReportedAt >= first && m.ReportedAt < end)
            .Select(m => new EpisodeRow(m.Reference, m.Child.Reference, m.ReportedAt, m.RiskAtReport, m.AttendedAt, m.FoundAt, m.ReturnInterviewOfferedAt));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            builder.Add(row);
        return builder.Build();
    }

    /// <summary>
    /// The incidents behind a figure that missed the target (late or not attended), oldest first, optionally for one
    /// district (empty string: not recorded) or month; one page of them, with the true total.
    /// </summary>
    public Task<Subjects.Paged<AttendanceException>> ExceptionsAsync(
        ReportPeriod period, string? district, YearMonth? month, Subjects.PageRequest page, CancellationToken cancellationToken = default) =>
        Subjects.Paging.OfAsync(() => Exceptions(period, district, month, cancellationToken), page, cancellationToken);

    /// <summary>Every incident behind the attendance figure that missed the target, oldest first (the drill-down's rows, for a download or the pack).</summary>
    public async IAsyncEnumerable<AttendanceException> Exceptions(ReportPeriod period, string? district, YearMonth? month,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var builder = new AttendanceReportBuilder(period, Policies.Attendance, clock.GetCurrentInstant());
        var incidents = Population(period).OrderBy(i => i.CreatedAt).ThenBy(i => i.Reference);
        await foreach (var row in Project(incidents).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (district is not null && (row.District ?? "") != district) continue;
            if (month is { } m && period.MonthOf(row.CreatedAt) != m) continue;
            var outcome = builder.Add(row);
            if (outcome is not (AttendanceOutcome.Late or AttendanceOutcome.NotAttended)) continue;
            yield return new AttendanceException(row.Reference, row.CreatedAt, row.District, row.ArrivedAt, outcome.Value);
        }
    }

    /// <summary>
    /// A superset of the population the database can select by index; the domain's builder applies the exact rule
    /// (grade on the policy's basis) to each row.
    /// </summary>
    internal IQueryable<Incident> Population(ReportPeriod period)
    {
        var (start, end) = (period.Start, period.End);
        const Grade grade = Grade.Priority;
        return db.Incidents.AsNoTracking().ChildInvolvedCreatedIn(start, end)
            .Where(i => i.InitialGrade == grade || i.CurrentGrade == grade);
    }

    private static IQueryable<AttendanceRow> Project(IQueryable<Incident> incidents) =>
        incidents.Select(i => new AttendanceRow(i.Reference, i.CreatedAt, i.InitialGrade, i.CurrentGrade, i.ChildrenInvolved, i.District, i.ArrivedAt,
            i.ReassessedAt, i.CallerToldAt, i.NotInSource));
}

/// <summary>
/// The notices and missing figures taken apart: the cases that missed each target, and each figure by month and (where
/// the records have one) by district.
/// </summary>
public sealed record FigureParts(IReadOnlyList<(string Figure, ClockException Row)> Missed,
    IReadOnlyDictionary<string, IReadOnlyList<(YearMonth Month, TargetFigures Figures)>> ByMonth,
    IReadOnlyDictionary<string, IReadOnlyList<(string? District, TargetFigures Figures)>> ByDistrict);

/// <summary>The report in the JSON shape of DESIGN.md ("Contracts"); the CSV and text formats carry the same figures.</summary>
public sealed record PerformanceReportDto(PeriodDto Period, AttendanceDto Attendance, PolicyDto? Policy = null, MissingDto? Missing = null, NoticesDto? Notices = null,
    IReadOnlyList<ClockSectionDto>? Clocks = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    public static PerformanceReportDto From(AttendanceReport r, PolicyDto? policy = null, MissingReport? missing = null, Safeguard.Domain.Notices.NoticeReport? notices = null,
        Safeguard.Domain.Notices.NoticeDueFigures? noticeDue = null) => new(
        new PeriodDto(Date(r.Period.From), Date(r.Period.To), r.Period.Zone.Id),
        new AttendanceDto(
            r.Grade.Name(), true, r.GradeBasis == GradeBasis.Initial ? "initial" : "final",
            r.Target.TotalMinutes, r.TargetPercent,
            r.Total.Population, r.Total.WithinTarget, r.Total.Late, r.Total.NotAttended, r.Total.Pending,
            r.Total.PercentWithinTarget, r.Total.MedianMinutes,
            new DelayedDto(r.Delayed.Population, r.Delayed.ReassessedBeforeBreach, r.Delayed.PercentReassessedBeforeBreach, r.Delayed.CallerTold, r.Delayed.PercentCallerTold,
                DelayedActionDto.From(r.Delayed.Reassessment), DelayedActionDto.From(r.Delayed.CallerUpdate)),
            [.. r.ByDistrict.Select(d => new DistrictDto(d.District, d.Figures.Population, d.Figures.WithinTarget, d.Figures.Late,
                d.Figures.NotAttended, d.Figures.Pending, d.Figures.PercentWithinTarget, d.Figures.MedianMinutes))],
            [.. r.ByMonth.Select(m => new MonthDto(Month(m.Month), m.Figures.Population, m.Figures.WithinTarget, m.Figures.Late,
                m.Figures.NotAttended, m.Figures.Pending, m.Figures.PercentWithinTarget, m.Figures.MedianMinutes))]),
        policy,
        missing is null ? null : MissingDto.From(missing),
        notices is null ? null : NoticesDto.From(notices, noticeDue));

    public static string Date(LocalDate d) => LocalDatePattern.Iso.Format(d);

    public static string Month(YearMonth m) => YearMonthPattern.Iso.Format(m);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>One row per figure group: the whole period, each district, each month.</summary>
    public string ToCsv()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, Imports.CsvFile.ForSpreadsheets);
        foreach (var h in new[] { "scope", "key", "population", "withinTarget", "late", "notAttended", "pending", "percentWithinTarget", "medianMinutes" })
            csv.WriteField(h);
        csv.NextRecord();
        void Row(string scope, string key, int pop, int within, int late, int notAttended, int pending, double? pct, double? median)
        {
            csv.WriteField(scope);
            csv.WriteField(key);
            csv.WriteField(pop);
            csv.WriteField(within);
            csv.WriteField(late);
            csv.WriteField(notAttended);
            csv.WriteField(pending);
            csv.WriteField(pct?.ToString("0.0", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(median?.ToString("0.0", CultureInfo.InvariantCulture) ?? "");
            csv.NextRecord();
        }
        var a = Attendance;
        Row("period", $"{Period.From}/{Period.To}", a.Population, a.WithinTarget, a.Late, a.NotAttended, a.Pending, a.PercentWithinTarget, a.MedianMinutes);
        // Delayed incidents, in the same columns: population, reassessed before breach (or caller told), percent.
        Row("delayed", "reassessedBeforeBreach", a.Delayed.Population, a.Delayed.ReassessedBeforeBreach, 0, 0, 0, a.Delayed.PercentReassessedBeforeBreach, null);
        Row("delayed", "callerTold", a.Delayed.Population, a.Delayed.CallerTold, 0, 0, 0, a.Delayed.PercentCallerTold, null);
        // Each action taken apart, the count in the population column.
        foreach (var (name, action) in new[] { ("reassessment", a.Delayed.Reassessment), ("callerUpdate", a.Delayed.CallerUpdate) })
            foreach (var (part, count) in new[] { ("Recorded", action.Recorded), ("NotRecorded", action.NotRecorded), ("NotInSource", action.NotInSource), ("NotApplicable", action.NotApplicable) })
                Row("delayed", name + part, count, 0, 0, 0, 0, null, null);
        foreach (var d in a.ByDistrict) Row("district", d.District ?? "", d.Population, d.WithinTarget, d.Late, d.NotAttended, d.Pending, d.PercentWithinTarget, d.MedianMinutes);
        foreach (var m in a.ByMonth) Row("month", m.Month, m.Population, m.WithinTarget, m.Late, m.NotAttended, m.Pending, m.PercentWithinTarget, m.MedianMinutes);
        if (Notices is { } notices)
        {
            // Notices in the same columns (notAttended: not reviewed, or not shared; median in hours).
            Row("notice-submission", "all", notices.Population, notices.Submission.WithinTarget, notices.Submission.Late, 0, 0, notices.Submission.PercentWithinTarget, notices.Submission.MedianHours);
            Row("notice-review", "all", notices.Population, notices.Review.WithinTarget, notices.Review.Late, notices.Review.NotReviewed, notices.Review.Pending, notices.Review.PercentWithinTarget, notices.Review.MedianHours);
            Row("notice-sharing", "required", notices.Sharing.Required, notices.Sharing.WithinTarget, notices.Sharing.Late, notices.Sharing.NotShared, notices.Sharing.Pending, notices.Sharing.PercentWithinTarget, null);
            if (notices.NoticeDue is { } due)
            {
                // notAttended: not submitted; the not-needed count has a row of its own (within = not needed).
                Row("notice-due", "child-involved-incidents", due.Population, due.WithinTarget, due.Late, due.NotSubmitted, due.Pending, due.PercentWithinTarget, null);
                Row("notice-due", "notNeeded", due.Population, due.NotNeeded, 0, 0, 0, null, null);
            }
        }
        if (Missing is { } missing)
        {
            // Missing episodes in the same columns (notAttended: not attended, or not offered for return interviews).
            var ma = missing.Attendance;
            Row("missing-attendance", "all", ma.ByRisk.Sum(r => r.Population), ma.WithinTarget, ma.Late, ma.NotAttended, ma.Pending, ma.PercentWithinTarget, null);
            foreach (var r in ma.ByRisk) Row("missing-attendance", r.Risk, r.Population, r.WithinTarget, r.Late, r.NotAttended, r.Pending, r.PercentWithinTarget, null);
            var ri = missing.ReturnInterview;
            Row("return-interview", "found", ri.Due, ri.WithinTarget, ri.Late, ri.NotOffered, ri.Pending, ri.PercentWithinTarget, null);
            Row("missing", "population", missing.Population, 0, 0, 0, 0, null, null);
            Row("missing", "repeatChildren", missing.RepeatChildren, 0, 0, 0, 0, null, null);
        }
        // Each clock section in the same columns (notAttended: not done), then its districts and months.
        foreach (var c in Clocks ?? [])
        {
            Row(c.Section, "all", c.Population, c.WithinTarget, c.Late, c.NotDone, c.Pending, c.PercentWithinTarget, c.MedianMinutes);
            Row(c.Section, "cancelled", c.Cancelled, 0, 0, 0, 0, null, null);
            foreach (var d in c.ByDistrict) Row(c.Section + ":district", d.District ?? "", d.Population, d.WithinTarget, d.Late, d.NotDone, d.Pending, d.PercentWithinTarget, d.MedianMinutes);
            foreach (var m in c.ByMonth) Row(c.Section + ":month", m.Month!, m.Population, m.WithinTarget, m.Late, m.NotDone, m.Pending, m.PercentWithinTarget, m.MedianMinutes);
        }
        return writer.ToString();
    }

    public string ToText()
    {
        var a = Attendance;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"Attendance: {a.Grade} incidents involving children, {Period.From} to {Period.To} (exclusive), {Period.TimeZone}");
        sb.AppendLine(inv, $"Target: attended within {a.TargetMinutes:0.##} minutes in {a.TargetPercent:0.#}% of incidents; measured on the {a.GradeBasis} grade");
        if (Policy is { Version: { } version })
            sb.AppendLine(inv, $"Policy: version {version}, in force since {Policy.EffectiveFrom}");
        sb.AppendLine();
        const string header = "{0,-24} {1,10} {2,8} {3,6} {4,12} {5,8} {6,9} {7,8}";
        sb.AppendLine(string.Format(inv, header, "", "population", "within", "late", "notAttended", "pending", "% within", "median"));
        void Line(string label, int pop, int within, int late, int na, int pending, double? pct, double? median) =>
            sb.AppendLine(string.Format(inv, header, label, pop, within, late, na, pending,
                pct is null ? "—" : pct.Value.ToString("0.0", inv), median is null ? "—" : median.Value.ToString("0.0", inv)));
        Line("All", a.Population, a.WithinTarget, a.Late, a.NotAttended, a.Pending, a.PercentWithinTarget, a.MedianMinutes);
        sb.AppendLine();
        var delayed = a.Delayed;
        sb.AppendLine(inv, $"Delayed (not attended by the warning point): {delayed.Population}");
        sb.AppendLine($"  THRIVE reassessment: {delayed.Reassessment.Words("before breach")}");
        sb.AppendLine($"  Caller told of the delay: {delayed.CallerUpdate.Words("before arrival")}");
        sb.AppendLine();
        foreach (var d in a.ByDistrict) Line(d.District ?? "(not recorded)", d.Population, d.WithinTarget, d.Late, d.NotAttended, d.Pending, d.PercentWithinTarget, d.MedianMinutes);
        sb.AppendLine();
        foreach (var m in a.ByMonth) Line(m.Month, m.Population, m.WithinTarget, m.Late, m.NotAttended, m.Pending, m.PercentWithinTarget, m.MedianMinutes);
        if (Notices is { } notices)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"Public protection notices: {notices.Population} (concern arose in the period)");
            sb.AppendLine(string.Format(inv, header, "", "of", "within", "late", "not done", "pending", "% within", "median h"));
            Line($"submitted ({notices.Submission.TargetHours:0} h)", notices.Population, notices.Submission.WithinTarget, notices.Submission.Late, 0, 0, notices.Submission.PercentWithinTarget, notices.Submission.MedianHours);
            Line($"reviewed ({notices.Review.TargetHours:0.#} h; high {notices.Review.HighRiskTargetHours:0.#} h)", notices.Population, notices.Review.WithinTarget, notices.Review.Late, notices.Review.NotReviewed, notices.Review.Pending, notices.Review.PercentWithinTarget, notices.Review.MedianHours);
            Line($"shared (red/amber, {notices.Sharing.TargetHours:0.#} h)", notices.Sharing.Required, notices.Sharing.WithinTarget, notices.Sharing.Late, notices.Sharing.NotShared, notices.Sharing.Pending, notices.Sharing.PercentWithinTarget, null);
            if (notices.NoticeDue is { } due)
            {
                Line($"notice due ({due.TargetHours:0.#} h)", due.Population, due.WithinTarget, due.Late, due.NotSubmitted, due.Pending, due.PercentWithinTarget, null);
                sb.AppendLine(inv, $"  of {due.Population} child-involved incident(s), {due.NotNeeded} recorded as needing no notice");
            }
        }
        if (Missing is { } missing)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"Missing children: {missing.Population} episode(s) reported; {missing.RepeatChildren} repeat child(ren) (3+ episodes in 90 days)");
            sb.AppendLine(string.Format(inv, header, "attendance by risk", "population", "within", "late", "notAttended", "pending", "% within", ""));
            var ma = missing.Attendance;
            Line("all with a target", ma.ByRisk.Sum(r => r.Population), ma.WithinTarget, ma.Late, ma.NotAttended, ma.Pending, ma.PercentWithinTarget, null);
            foreach (var r in ma.ByRisk) Line($"{r.Risk} ({r.TargetMinutes:0} min)", r.Population, r.WithinTarget, r.Late, r.NotAttended, r.Pending, r.PercentWithinTarget, null);
            var ri = missing.ReturnInterview;
            Line($"return interview ({ri.TargetHours:0} h)", ri.Due, ri.WithinTarget, ri.Late, ri.NotOffered, ri.Pending, ri.PercentWithinTarget, null);
        }
        if (Clocks is { Count: > 0 } clocks)
        {
            sb.AppendLine();
            sb.AppendLine("Every other clock (started in the period; cancelled ones left out of the percentage)");
            sb.AppendLine(string.Format(inv, header, "", "population", "within", "late", "not done", "pending", "% within", "median"));
            foreach (var c in clocks) Line(c.Section, c.Population, c.WithinTarget, c.Late, c.NotDone, c.Pending, c.PercentWithinTarget, c.MedianMinutes);
        }
        return sb.ToString();
    }
}

public sealed record PeriodDto(string From, string To, string TimeZone);

/// <summary>A clock behind a figure that missed its target: its record, district, start, due, when it stopped (if late) and its state.</summary>
public sealed record ClockException(string Kind, string Reference, string? District, Instant Start, Instant Due, Instant? StoppedAt, string State);

/// <summary>A clock section: the whole period, each district and each month, in the attendance section's style (plus cancelled).</summary>
public sealed record ClockSectionDto(string Section, int Population, int WithinTarget, int Late, int NotDone, int Pending, int Cancelled, double? PercentWithinTarget,
    double? MedianMinutes, IReadOnlyList<ClockPartDto> ByDistrict, IReadOnlyList<ClockPartDto> ByMonth)
{
    public static ClockSectionDto From(ClockSection s) => new(s.Section, s.Figures.Population, s.Figures.WithinTarget, s.Figures.Late, s.Figures.NotDone, s.Figures.Pending,
        s.Figures.Cancelled, s.Figures.PercentWithinTarget, s.Figures.MedianMinutes,
        [.. s.ByDistrict.Select(d => ClockPartDto.Of(d.District, null, d.Figures))],
        [.. s.ByMonth.Select(m => ClockPartDto.Of(null, PerformanceReportDto.Month(m.Month), m.Figures))]);
}

/// <summary>One district's (null: not recorded) or one month's figures of a clock section.</summary>
public sealed record ClockPartDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? District,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Month,
    int Population, int WithinTarget, int Late, int NotDone, int Pending, int Cancelled, double? PercentWithinTarget, double? MedianMinutes)
{
    public static ClockPartDto Of(string? district, string? month, ClockFigures f) =>
        new(district, month, f.Population, f.WithinTarget, f.Late, f.NotDone, f.Pending, f.Cancelled, f.PercentWithinTarget, f.MedianMinutes);
}

/// <summary>The missing section (issue "Missing children"): attendance by risk at report, return home interviews, repeat children.</summary>
public sealed record MissingDto(int Population, MissingAttendanceDto Attendance, ReturnInterviewDto ReturnInterview, int RepeatChildren)
{
    public static MissingDto From(MissingReport r) => new(
        r.Population,
        new MissingAttendanceDto(r.Attendance.WithinTarget, r.Attendance.Late, r.Attendance.NotDone, r.Attendance.Pending, r.Attendance.PercentWithinTarget,
            [.. r.ByRisk.Select(b => new RiskDto(b.Risk.Name(), b.Target.TotalMinutes, b.Figures.Population, b.Figures.WithinTarget, b.Figures.Late,
                b.Figures.NotDone, b.Figures.Pending, b.Figures.PercentWithinTarget))]),
        new ReturnInterviewDto(r.ReturnInterviewTarget.TotalHours, r.ReturnInterview.Population, r.ReturnInterview.WithinTarget, r.ReturnInterview.Late,
            r.ReturnInterview.NotDone, r.ReturnInterview.Pending, r.ReturnInterview.PercentWithinTarget),
        r.RepeatChildren);
}

/// <summary>The notices section (issue "Children, public protection notices and the MASH").</summary>
public sealed record NoticesDto(int Population, SubmissionDto Submission, ReviewDto Review, SharingDto Sharing, NoticeDueDto? NoticeDue = null)
{
    public static NoticesDto From(Safeguard.Domain.Notices.NoticeReport r, Safeguard.Domain.Notices.NoticeDueFigures? due = null) => new(
        r.Population,
        new SubmissionDto(r.Submission.Target.TotalHours, r.Submission.WithinTarget, r.Submission.Late, r.Submission.PercentWithinTarget, r.Submission.MedianHours),
        new ReviewDto(r.Review.Target.TotalHours, r.Review.HighRiskTarget.TotalHours, r.Review.WithinTarget, r.Review.Late, r.Review.NotReviewed, r.Review.Pending,
            r.Review.PercentWithinTarget, r.Review.MedianHours),
        new SharingDto(r.Sharing.Target.TotalHours, r.Sharing.Required, r.Sharing.WithinTarget, r.Sharing.Late, r.Sharing.NotShared, r.Sharing.Pending, r.Sharing.PercentWithinTarget),
        due is null ? null : new NoticeDueDto(due.Target.TotalHours, due.Population, due.WithinTarget, due.Late, due.NotSubmitted, due.NotNeeded, due.Pending, due.PercentWithinTarget));
}

/// <summary>Child-involved incidents created in the period and the notice each owes (issue "One clock ledger").</summary>
public sealed record NoticeDueDto(double TargetHours, int Population, int WithinTarget, int Late, int NotSubmitted, int NotNeeded, int Pending, double? PercentWithinTarget);

public sealed record SubmissionDto(double TargetHours, int WithinTarget, int Late, double? PercentWithinTarget, double? MedianHours);

public sealed record ReviewDto(double TargetHours, double HighRiskTargetHours, int WithinTarget, int Late, int NotReviewed, int Pending, double? PercentWithinTarget, double? MedianHours);

public sealed record SharingDto(double TargetHours, int Required, int WithinTarget, int Late, int NotShared, int Pending, double? PercentWithinTarget);

public sealed record MissingAttendanceDto(int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget, IReadOnlyList<RiskDto> ByRisk);

public sealed record RiskDto(string Risk, double TargetMinutes, int Population, int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget);

public sealed record ReturnInterviewDto(double TargetHours, int Due, int WithinTarget, int Late, int NotOffered, int Pending, double? PercentWithinTarget);

/// <summary>Which policy version the figures were measured against, and since when it has been in force.</summary>
public sealed record PolicyDto(long? Version, string? EffectiveFrom);

public sealed record AttendanceDto(
    string Grade, bool ChildrenInvolved, string GradeBasis, double TargetMinutes, double TargetPercent,
    int Population, int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget, double? MedianMinutes,
    DelayedDto Delayed, IReadOnlyList<DistrictDto> ByDistrict, IReadOnlyList<MonthDto> ByMonth);

/// <summary>
/// Delayed incidents (not attended by the warning instant): THRIVE reassessed before breach; caller told of the delay;
/// each action taken apart into recorded, not recorded (of which not in the source) and not applicable.
/// </summary>
public sealed record DelayedDto(int Population, int ReassessedBeforeBreach, double? PercentReassessedBeforeBreach, int CallerTold, double? PercentCallerTold,
    DelayedActionDto Reassessment, DelayedActionDto CallerUpdate);

/// <summary>One delay action over the delayed incidents (<see cref="DelayedAction"/>).</summary>
public sealed record DelayedActionDto(int Recorded, int InTime, int NotRecorded, int NotInSource, int NotApplicable, double? PercentInTime)
{
    public static DelayedActionDto From(DelayedAction a) => new(a.Recorded, a.InTime, a.NotRecorded, a.NotInSource, a.NotApplicable, a.PercentInTime);

    /// <summary>The action in words: "recorded 3 (2 in time, 66.7%), not recorded 9 (9 not in the source), not applicable 0".</summary>
    public string Words(string inTime)
    {
        var inv = CultureInfo.InvariantCulture;
        var percent = PercentInTime is { } p ? p.ToString("0.0", inv) + "%" : "no percentage: nothing owed could be known";
        return string.Create(inv, $"recorded {Recorded} ({InTime} {inTime}, {percent}), not recorded {NotRecorded}{(NotInSource > 0 ? $" ({NotInSource} not in the source)" : "")}, not applicable {NotApplicable}");
    }
}

public sealed record DistrictDto(string? District, int Population, int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget, double? MedianMinutes);

public sealed record MonthDto(string Month, int Population, int WithinTarget, int Late, int NotAttended, int Pending, double? PercentWithinTarget, double? MedianMinutes);
