using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Subjects;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

/// <summary>Find a child by reference; and every child named on an incident (or incident naming none) not yet seen and spoken to.</summary>
[Authorize(Policy = Policies.ReadChildren)]
[AuditedList(App.Records.Child)]
public sealed class IndexModel(ChildrenNotSeen notSeen) : PageModel
{
    public Paged<NotSeenRow> NotSeen { get; private set; } = null!;
    public Instant Now { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Reference { get; set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        // The reference goes into the path, never a query string that could carry anything else.
        if (!string.IsNullOrWhiteSpace(Reference)) return Redirect("/Children/" + Uri.EscapeDataString(Reference.Trim()));
        (NotSeen, Now) = await notSeen.ReadAsync(PageRequest.Of(page, null), ct);
        return Page();
    }
}
