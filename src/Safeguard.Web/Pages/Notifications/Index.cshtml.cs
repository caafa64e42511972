using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Notifications;

namespace Safeguard.Web.Pages.Notifications;

/// <summary>The signed-in person's notifications: what their role hears, unacknowledged first.</summary>
public sealed class IndexModel(Inbox inbox) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    private IEnumerable<string> Roles => User.FindAll(ClaimTypes.Role).Select(c => c.Value);

    public async Task OnGetAsync(CancellationToken ct) => Items = await inbox.ListAsync(Roles, cancellationToken: ct);

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
