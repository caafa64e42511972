using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Data;
using Safeguard.App.Reporting;
using Safeguard.Domain.Inspection;
using Safeguard.Domain.Time;

namespace Safeguard.App.Inspection;

/// <summary>A figure of the report a recommendation can be measured by: its key (the report's section name) and title.</summary>
public sealed record ReportFigure(string Figure, string Title);

/// <summary>One month of a figure: the clocks measured (neither pending nor cancelled), those within target, the percent.</summary>
public sealed record MonthPercent(string Month, int Measured, int WithinTarget, double? Percent);

/// <summary>
/// A measure's progress: the figure's months in the window (the last is the month now running) and whether it is
/// meeting its target, judged on the complete months.
/// </summary>
public sealed record MeasureProgress(long Id, ReportFigure Figure, double TargetPercent, IReadOnlyList<MonthPercent> Months, MeasureStanding Standing)
{
    /// <summary>The latest complete month with figures, which the standing is judged on; null when none has any.</summary>
    public MonthPercent? Judged => Months.SkipLast(1).LastOrDefault(m => m.Percent is not null);
}

/// <summary>A recommendation as its pages show it, with the plan's standing and each measure's progress.</summary>
public sealed record RecommendationView(long Id, string Code, string Source, string Text, LocalDate PublishedOn, string? Owner, RecommendationStatus Status,
    string? StatusEvidence, string? StatusBy, Instant? StatusAt, LocalDate PlanDueOn, string PlanWords, IReadOnlyList<RecommendationAction> Actions,
    IReadOnlyList<MeasureProgress> Measures, int Version)
{
    /// <summary>On track when every measure with figures is, off track when any is below target, no figures otherwise.</summary>
    public MeasureStanding Standing =>
        Measures.Any(m => m.Standing == MeasureStanding.OffTrack) ? MeasureStanding.OffTrack
        : Measures.Any(m => m.Standing == MeasureStanding.OnTrack) ? MeasureStanding.OnTrack
        : MeasureStanding.NoData;
}

/// <summary>
/// The recommendation tracker: an inspection's recommendations, the force's action plan for each (owners, actions with
/// due dates; the first plan due six weeks after publication), status with evidence, and measures — figures of the report
/// with a target — whose progress is read month by month from the live ledger over the last twelve months.
/// </summary>
public sealed class RecommendationTracker(AppDbContext db, BuildPerformanceReport reports, IClock clock)
{
    public const int MaxLineLength = 300;
    public const int MaxNoteLength = 4000;
    public const int Months = 12;
    public const string Attendance = "attendance";

    /// <summary>What a change of the tracker is declared as: no record about a child is touched.</summary>
    public const string Subject = "recommendation";

    public DateTimeZone Zone => reports.Zone;

    public LocalDate Today => clock.GetCurrentInstant().InZone(Zone).Date;

    /// <summary>The figures a measure can follow: the report's attendance section and each of its clock sections.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; } =
    [
        new(Attendance, "Incidents involving children attended within target, at the report's grade (priority by default)"),
        .. BuildPerformanceReport.ClockSections.Select(s => new ReportFigure(s.Section, s.Title)),
    ];

    /// <summary>The twelve calendar months up to and including this one, as a report period.</summary>
    public ReportPeriod Window()
    {
        var first = Today.With(DateAdjusters.StartOfMonth);
        return new ReportPeriod(first.PlusMonths(1 - Months), first.PlusMonths(1), Zone);
    }

    /// <summary>A figure's months from the report, in order, every month of the period present (those with no clocks have no percent).</summary>
    public static IReadOnlyList<MonthPercent> Monthly(PerformanceReportDto report, ReportPeriod period, string figure)
    {
        var found = figure == Attendance
            ? report.Attendance.ByMonth.ToDictionary(m => m.Month, m => new MonthPercent(m.Month, m.Population - m.Pending, m.WithinTarget, m.PercentWithinTarget))
            : (report.Clocks?.FirstOrDefault(c => c.Section == figure)?.ByMonth ?? [])
                .ToDictionary(m => m.Month!, m => new MonthPercent(m.Month!, m.Population - m.Pending - m.Cancelled, m.WithinTarget, m.PercentWithinTarget));
        return [.. period.Months().Select(YearMonthPattern.Iso.Format).Select(m => found.GetValueOrDefault(m) ?? new MonthPercent(m, 0, 0, null))];
    }

    public async Task<IReadOnlyList<RecommendationView>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Set<Recommendation>().AsNoTracking().AsSplitQuery().Include(r => r.Actions).Include(r => r.Measures).OrderBy(r => r.PublishedOn).ThenBy(r => r.Code).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var period = Window();
        var report = rows.Any(r => r.Measures.Count > 0) ? await reports.BuildAsync(period, ct) : null;
        return [.. rows.Select(r => View(r, report, period))];
    }

    public async Task<RecommendationView> GetAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Set<Recommendation>().AsNoTracking().AsSplitQuery().Include(r => r.Actions).Include(r => r.Measures).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("No such recommendation.");
        var period = Window();
        return View(row, row.Measures.Count > 0 ? await reports.BuildAsync(period, ct) : null, period);
    }

    /// <summary>Adds a recommendation from an inspection; its code is unique.</summary>
    public async Task<long> AddAsync(string? code, string? source, string? text, string? publishedOn, string? owner, string author, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var c = Input.RequiredText(code, "code", "Enter the recommendation's number, as the report gives it (for example R1)", References.MaxLength, errors);
        var s = Input.RequiredText(source, "source", "Enter the inspection the recommendation comes from", MaxLineLength, errors);
        var t = Input.RequiredText(text, "text", "Enter the recommendation's text", MaxNoteLength, errors);
        var published = Input.Day(publishedOn, "published-on", "Enter the date the report was published", errors);
        var o = Input.Text(owner, "owner", errors, MaxLineLength);
        Input.ThrowIfAny(errors);
        if (await db.Set<Recommendation>().AnyAsync(r => r.Code == c, ct)) throw InputException.For("code", $"There is already a recommendation {c}");
        var row = new Recommendation
        {
            Code = c!,
            Source = s!,
            Text = t!,
            PublishedOn = published!.Value,
            Owner = o,
            Status = RecommendationStatus.NotStarted,
            CreatedBy = author,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Added by someone else between the check and the save?
            db.Entry(row).State = EntityState.Detached;
            if (await db.Set<Recommendation>().AsNoTracking().AnyAsync(r => r.Code == c, CancellationToken.None))
                throw InputException.For("code", $"There is already a recommendation {c}");
            throw;
        }
        return row.Id;
    }

    /// <summary>Adds an action to the recommendation's plan.</summary>
    public async Task AddActionAsync(long id, int version, string? text, string? owner, string? dueOn, string author, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var t = Input.RequiredText(text, "action-text", "Enter what will be done", MaxNoteLength, errors);
        var o = Input.RequiredText(owner, "action-owner", "Enter who owns the action", MaxLineLength, errors);
        var due = Input.Day(dueOn, "action-due-on", "Enter the date the action is due", errors);
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        row.Actions.Add(new RecommendationAction { Text = t!, Owner = o!, DueOn = due!.Value, AddedAt = clock.GetCurrentInstant(), AddedBy = author });
        if (row.Status == RecommendationStatus.NotStarted) row.Status = RecommendationStatus.InProgress;
        await SaveAsync(row, ct);
    }

    /// <summary>Marks an action done on a day, with the evidence that it is.</summary>
    public async Task CompleteActionAsync(long id, int version, long actionId, string? doneOn, string? evidence, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var done = Input.Day(doneOn, "done-on", "Enter the date the action was done", errors);
        var e = Input.RequiredText(evidence, "done-evidence", "Enter the evidence that the action is done", MaxNoteLength, errors);
        if (done > Today) errors["done-on"] = ["The date the action was done must be today or in the past"];
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        var action = row.Actions.FirstOrDefault(a => a.Id == actionId) ?? throw new NotFoundException("No such action.");
        if (action.DoneOn is not null) throw new RuleException("That action is already done.", isConflict: true);
        (action.DoneOn, action.Evidence) = (done, e);
        await SaveAsync(row, ct);
    }

    /// <summary>Sets the recommendation's status; complete needs the evidence that it is.</summary>
    public async Task SetStatusAsync(long id, int version, string? status, string? evidence, string author, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Recommendations.TryParse(status, out var s)) errors["status"] = ["Select the recommendation's status"];
        var e = Input.Text(evidence, "status-evidence", errors, MaxNoteLength);
        if (s == RecommendationStatus.Complete && e is null && !errors.ContainsKey("status-evidence")) errors["status-evidence"] = ["Enter the evidence that the recommendation is complete"];
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        (row.Status, row.StatusEvidence, row.StatusBy, row.StatusAt) = (s, e, author, clock.GetCurrentInstant());
        await SaveAsync(row, ct);
    }

    /// <summary>Links a figure of the report with its target, or changes the target of one already linked.</summary>
    public async Task SetMeasureAsync(long id, int version, string? figure, string? targetPercent, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var f = Figures.FirstOrDefault(x => x.Figure == figure?.Trim());
        if (f is null) errors["figure"] = ["Select the figure that measures the recommendation"];
        double target = 0;
        if (string.IsNullOrWhiteSpace(targetPercent)) errors["target"] = ["Enter the target, as a percentage"];
        else if (!double.TryParse(targetPercent.Trim().TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out target)
            || double.IsNaN(target) || target is < 0 or > 100)
            errors["target"] = ["The target must be a percentage from 0 to 100"];
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        var measure = row.Measures.FirstOrDefault(m => m.Figure == f!.Figure);
        if (measure is null) row.Measures.Add(new RecommendationMeasure { Figure = f!.Figure, TargetPercent = Math.Round(target, 1) });
        else measure.TargetPercent = Math.Round(target, 1);
        await SaveAsync(row, ct);
    }

    /// <summary>Unlinks a measure.</summary>
    public async Task RemoveMeasureAsync(long id, int version, long measureId, CancellationToken ct = default)
    {
        var row = await TrackedAsync(id, version, ct);
        var measure = row.Measures.FirstOrDefault(m => m.Id == measureId) ?? throw new NotFoundException("No such measure.");
        row.Measures.Remove(measure);
        await SaveAsync(row, ct);
    }

    private RecommendationView View(Recommendation r, PerformanceReportDto? report, ReportPeriod period)
    {
        var firstAction = r.Actions.Count == 0 ? (LocalDate?)null : r.Actions.Min(a => a.AddedAt).InZone(Zone).Date;
        var measures = r.Measures.OrderBy(m => Figures.ToList().FindIndex(f => f.Figure == m.Figure)).Select(m =>
        {
            var months = report is null ? [] : Monthly(report, period, m.Figure);
            var figure = Figures.FirstOrDefault(f => f.Figure == m.Figure) ?? new ReportFigure(m.Figure, m.Figure);
            // The month now running is charted but not judged: its clocks are still coming in.
            return new MeasureProgress(m.Id, figure, m.TargetPercent, months, Recommendations.Judge(months.SkipLast(1).Select(x => x.Percent), m.TargetPercent));
        }).ToList();
        return new RecommendationView(r.Id, r.Code, r.Source, r.Text, r.PublishedOn, r.Owner, r.Status, r.StatusEvidence, r.StatusBy, r.StatusAt,
            Recommendations.PlanDueOn(r.PublishedOn), Recommendations.PlanWords(r.PublishedOn, firstAction, Today),
            [.. r.Actions.OrderBy(a => a.DueOn).ThenBy(a => a.Id)], measures, r.Version);
    }

    private async Task<Recommendation> TrackedAsync(long id, int version, CancellationToken ct)
    {
        var row = await db.Set<Recommendation>().AsSplitQuery().Include(r => r.Actions).Include(r => r.Measures).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("No such recommendation.");
        if (row.Version != version) throw Changed();
        return row;
    }

    private async Task SaveAsync(Recommendation changed, CancellationToken ct)
    {
        changed.Version++;
        await db.SaveVersionedAsync(ChangedWords, ct);
    }

    private const string ChangedWords = "Someone else changed this recommendation since you opened it: look at what they recorded and try again.";

    private static RuleException Changed() => new(ChangedWords, isConflict: true);

}
