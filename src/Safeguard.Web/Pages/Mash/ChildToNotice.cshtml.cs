using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Mash;

/// <summary>Child-involved incidents with no notice 24 hours on, for supervisors to chase.</summary>
[Authorize(Policy = Policies.ReviewNotices)]
public sealed class ChildToNoticeModel(ChildToNotice query) : PageModel
{
    public IReadOnlyList<ChildToNoticeRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => (Rows, Total) = await query.ReadAsync(ct);

    public static string Overdue(NodaTime.Duration d) =>
        d.TotalDays >= 1 ? $"{(int)d.TotalDays} day(s) {d.Hours} h" : $"{d.Hours} h {d.Minutes} min";
}
