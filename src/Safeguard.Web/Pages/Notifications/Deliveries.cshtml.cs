using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App;
using Safeguard.App.Notifications;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notifications;

/// <summary>For administrators: the email and webhook deliveries given up after a day of retries, each to be resent by hand.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class DeliveriesModel(DeliverNotifications deliveries, IClock clock) : PageModel
{
    public IReadOnlyList<FailedDelivery> Failed { get; private set; } = [];
    public long? Resent { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(long? resent, CancellationToken ct)
    {
        Resent = resent;
        Failed = await deliveries.GivenUpAsync(ct);
    }

    public async Task<IActionResult> OnPostResendAsync(long id, CancellationToken ct)
    {
        try
        {
            await deliveries.ResendAsync(id, clock.GetCurrentInstant(), ct);
            return RedirectToPage(new { resent = id });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (RuleException e)
        {
            Problem = e.Message;
            Failed = await deliveries.GivenUpAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
