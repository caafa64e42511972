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

    /// <summary>How many the last post acknowledged (the banner says so, and takes the focus).</summary>
    [FromQuery(Name = "acknowledged")] public int? Acknowledged { get; set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct) =>
        (Open, Recent) = await inbox.ListAsync(Roles, App.Subjects.PageRequest.Of(page, null), cancellationToken: ct);

    /// <summary>
    /// Acknowledges one notification (its row's button, <paramref name="one"/>), those ticked (<paramref name="ids"/>),
    /// or every one on the page (<paramref name="scope"/> "page", with <paramref name="onPage"/>), then shows the same page.
    /// </summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(long? one, [FromForm(Name = "ids")] long[]? ids, string? scope, [FromForm(Name = "on-page")] long[]? onPage,
        [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var user = User.Identity?.Name ?? "unknown";
        int count;
        if (one is { } id)
        {
            try
            {
                await inbox.AcknowledgeAsync(id, Roles, user, ct);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            count = 1;
        }
        else
        {
            count = await inbox.AcknowledgeAsync([.. (scope == "page" ? onPage : ids) ?? []], Roles, user, ct);
        }
        // "page" is Razor Pages' own route value (the page's name), so the address is written out.
        return Redirect($"/Notifications?page={Math.Max(page ?? 1, 1)}&acknowledged={count}");
    }
}
