using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.App.Reporting;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Recommendations;

/// <summary>
/// One recommendation: its plan and actions, status with evidence, and each measure charted month by month against its
/// target from live data; the keepers add actions, mark them done, set the status and link measures.
/// </summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class DetailModel(RecommendationTracker tracker, IAuthorizationService authorization) : FormPage
{
    public RecommendationView Recommendation { get; private set; } = null!;
    public IReadOnlyList<ReportFigure> Figures => tracker.Figures;
    public bool CanKeep { get; private set; }
    public string? Saved { get; private set; }
    public long? FailedAction { get; private set; }
    public NodaTime.LocalDate Today => tracker.Today;

    public string? Typed(string field) => Request.HasFormContentType ? Request.Form[field].FirstOrDefault() : null;

    public string Chart(MeasureProgress m) => TrendChart.Svg([.. m.Months.Select(x => (x.Month, x.Percent))], "% within target", m.TargetPercent, 860, 300);

    public async Task<IActionResult> OnGetAsync(long id, string? saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(id, ct) ?? Page();
    }

    [Allows(Policies.ManageRecommendations)]
    public Task<IActionResult> OnPostActionAsync(long id, int version, CancellationToken ct) =>
        Submit(id, "action-text", "action", () => tracker.AddActionAsync(id, version, Typed("action-text"), Typed("action-owner"), Typed("action-due-on"), User.Author(), ct), ct);

    [Allows(Policies.ManageRecommendations)]
    public async Task<IActionResult> OnPostDoneAsync(long id, int version, long action, CancellationToken ct)
    {
        var shown = await Submit(id, "summary", "done", () => tracker.CompleteActionAsync(id, version, action, Typed("done-on"), Typed("done-evidence"), ct), ct);
        if (Errors.Count > 0) FailedAction = action;
        return shown;
    }

    [Allows(Policies.ManageRecommendations)]
    public Task<IActionResult> OnPostStatusAsync(long id, int version, CancellationToken ct) =>
        Submit(id, "status", "status", () => tracker.SetStatusAsync(id, version, Typed("status"), Typed("status-evidence"), User.Author(), ct), ct);

    [Allows(Policies.ManageRecommendations)]
    public Task<IActionResult> OnPostMeasureAsync(long id, int version, CancellationToken ct) =>
        Submit(id, "figure", "measure", () => tracker.SetMeasureAsync(id, version, Typed("figure"), Typed("target"), ct), ct);

    [Allows(Policies.ManageRecommendations)]
    public Task<IActionResult> OnPostRemoveMeasureAsync(long id, int version, long measure, CancellationToken ct) =>
        Submit(id, "summary", "measure-removed", () => tracker.RemoveMeasureAsync(id, version, measure, ct), ct);

    private Task<IActionResult> Submit(long id, string field, string saved, Func<Task> change, CancellationToken ct) =>
        SubmitAsync(change, (AuditAction.Alteration, RecommendationTracker.Subject), field, new { id, saved }, async () => await LoadAsync(id, ct) ?? Page());

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        try
        {
            Recommendation = await tracker.GetAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        CanKeep = (await authorization.AuthorizeAsync(User, Policies.ManageRecommendations)).Succeeded;
        return null;
    }
}
