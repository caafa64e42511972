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

    public async Task<IActionResult> OnGetRowsAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        View = await board.ReadAsync(App.Subjects.PageRequest.Of(page, null), ct);
        return Partial("_CoordinatorRows", this);
    }
}
