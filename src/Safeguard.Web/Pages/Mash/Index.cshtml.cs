using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Mash;

/// <summary>The MASH triage queue, by time left on the review clock, updated live.</summary>
[Authorize(Policy = Policies.ReviewNotices)]
public sealed class IndexModel(MashQueue queue) : PageModel
{
    public QueueView View { get; private set; } = null!;
    public IReadOnlyList<OwedRow> Owed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = await queue.ReadAsync(ct);
        Owed = await queue.OwedAsync(ct);
    }

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        View = await queue.ReadAsync(ct);
        return Partial("_QueueRows", this);
    }
}
