using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Notifications;

namespace Safeguard.Web.Pages.Notifications;

/// <summary>The signed-in person's notifications: what their role hears, the open ones first (the most overdue first), a page at a time.</summary>
public sealed class IndexModel(Inbox inbox) : PageModel
{
    public App.Subjects.Paged<NotificationView> Open { get; private set; } = new([], 0, 1, App.Subjects.PageRequest.DefaultSize);
    public IReadOnlyList<NotificationView> Recent { get; private set; } = [];

    private IEnumerable<string> Roles => User.FindAll(ClaimTypes.Role).Select(c => c.Value);

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct) =>
        (Open, Recent) = await inbox.ListAsync(Roles, App.Subjects.PageRequest.Of(page, null), cancellationToken: ct);

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, CancellationToken ct)
    {
        try
        {
            await inbox.AcknowledgeAsync(id, Roles, User.Identity?.Name ?? "unknown", ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return RedirectToPage();
    }
}
