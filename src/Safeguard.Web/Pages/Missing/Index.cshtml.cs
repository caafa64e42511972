using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Missing;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Missing;

/// <summary>The coordinator's board: children still missing by risk and time to the next review, updated live.</summary>
[Authorize(Policy = Policies.ReadMissing)]
[AuditedList(App.Records.Missing)]
public sealed class IndexModel(CoordinatorBoard board, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : PageModel
{
    public CoordinatorView View { get; private set; } = null!;

    public bool CanReport { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        View = await board.ReadAsync(App.Subjects.PageRequest.Of(page, null), ct);
        CanReport = (await authorization.AuthorizeAsync(User, Policies.WriteMissing)).Succeeded;
    }

    /// <summary>Every open episode (not one page) as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        ListDownloads.CsvAsync(this, "missing.csv", async p => (await board.ReadAsync(p, ct)).Page,
            ["reference", "child_reference", "repeat_missing", "risk", "reported_at", "district", "review_state", "review_due_at", "attendance_state", "attendance_due_at"],
            r => [r.Reference, r.ChildReference, r.RepeatMissing ? "yes" : "no", r.Risk, ListDownloads.At(r.ReportedAt), r.District, .. ListDownloads.Clock(r.Review),
                .. ListDownloads.Clock(r.Attendance)], ct);

    public async Task<IActionResult> OnGetRowsAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        View = await board.ReadAsync(App.Subjects.PageRequest.Of(page, null), ct);
        return Partial("_CoordinatorRows", this);
    }
}
