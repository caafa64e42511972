using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Mash;

/// <summary>The MASH triage queue, by time left on the review clock, updated live; below it what reviewed notices still owe.</summary>
[Authorize(Policy = Policies.ReviewNotices)]
[AuditedList(App.Records.Notice)]
public sealed class IndexModel(MashQueue queue) : PageModel
{
    public QueueView View { get; private set; } = null!;
    public Paged<OwedRow> Owed { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, int? owed, CancellationToken ct)
    {
        View = await queue.ReadAsync(PageRequest.Of(page, null), ct);
        Owed = await queue.OwedAsync(PageRequest.Of(owed, null), ct);
    }

    /// <summary>Every notice waiting for review (not one page) as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        ListDownloads.CsvAsync(this, "mash-queue.csv", async p => (await queue.ReadAsync(p, ct)).Page,
            ["reference", "child_reference", "type", "officer_risk", "submitted_at", "review_state", "review_due_at"],
            r => [r.Reference, r.ChildReference, r.Type, r.OfficerRisk, ListDownloads.At(r.SubmittedAt), .. ListDownloads.Clock(r.Clock)], ct);

    public async Task<IActionResult> OnGetRowsAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        View = await queue.ReadAsync(PageRequest.Of(page, null), ct);
        return Partial("_QueueRows", this);
    }
}
