using NodaTime;

namespace Safeguard.Domain.Inspection;

/// <summary>Where a recommendation stands, as the force reports it to the inspectorate.</summary>
public enum RecommendationStatus
{
    NotStarted,
    InProgress,
    Complete,
}

/// <summary>Whether a linked measure is meeting its target.</summary>
public enum MeasureStanding
{
    /// <summary>No month in the window has a figure yet.</summary>
    NoData,
    OnTrack,
    OffTrack,
}

/// <summary>Where one action of a plan stands on a day.</summary>
public enum ActionState
{
    Open,
    Overdue,
    Done,
}

public static class Recommendations
{
    /// <summary>An action is done once it has a day done; before that, overdue after its due day.</summary>
    public static ActionState StateOf(LocalDate dueOn, LocalDate? doneOn, LocalDate today) =>
        doneOn is not null ? ActionState.Done : dueOn < today ? ActionState.Overdue : ActionState.Open;

    public static string Words(ActionState state) => state switch
    {
        ActionState.Open => "Open",
        ActionState.Overdue => "Overdue",
        ActionState.Done => "Done",
    };

    /// <summary>The force's first action plan is due this long after the inspection's report is published.</summary>
    public static Period PlanDueAfter { get; } = Period.FromWeeks(6);

    public static LocalDate PlanDueOn(LocalDate published) => published.Plus(PlanDueAfter);

    public static IReadOnlyList<RecommendationStatus> Statuses { get; } = Enum.GetValues<RecommendationStatus>();

    public static string Key(RecommendationStatus status) => status switch
    {
        RecommendationStatus.NotStarted => "not-started",
        RecommendationStatus.InProgress => "in-progress",
        RecommendationStatus.Complete => "complete",
    };

    public static string Words(RecommendationStatus status) => status switch
    {
        RecommendationStatus.NotStarted => "Not started",
        RecommendationStatus.InProgress => "In progress",
        RecommendationStatus.Complete => "Complete",
    };

    public static string Words(MeasureStanding standing) => standing switch
    {
        MeasureStanding.NoData => "No figures yet",
        MeasureStanding.OnTrack => "On track",
        MeasureStanding.OffTrack => "Off track",
    };

    public static bool TryParse(string? key, out RecommendationStatus status) => Keys.TryParse(Statuses, Key, key, out status);

    /// <summary>
    /// A measure is on track when its latest month with a figure meets the target (at or above it), off track when that
    /// month is below it; months in order, oldest first.
    /// </summary>
    public static MeasureStanding Judge(IEnumerable<double?> monthly, double targetPercent)
    {
        double? latest = null;
        foreach (var value in monthly)
            if (value is not null) latest = value;
        return latest is null ? MeasureStanding.NoData : latest >= targetPercent ? MeasureStanding.OnTrack : MeasureStanding.OffTrack;
    }

    /// <summary>
    /// Where the action plan stands on <paramref name="today"/>: made on time, made late (days late), due (days left), or
    /// overdue (days over).
    /// </summary>
    public static string PlanWords(LocalDate published, LocalDate? firstActionOn, LocalDate today)
    {
        var due = PlanDueOn(published);
        if (firstActionOn is { } made)
        {
            var late = Period.Between(due, made, PeriodUnits.Days).Days;
            return late <= 0 ? "Action plan made on time" : $"Action plan made {late} {(late == 1 ? "day" : "days")} late";
        }
        var left = Period.Between(today, due, PeriodUnits.Days).Days;
        return left >= 0 ? $"Action plan due in {left} {(left == 1 ? "day" : "days")}" : $"Action plan overdue by {-left} {(-left == 1 ? "day" : "days")}";
    }
}
