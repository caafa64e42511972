using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

/// <summary>Find a child by reference; and the child-involved incidents where no child has yet been seen and spoken to.</summary>
[Authorize(Policy = Policies.ReadChildren)]
public sealed class IndexModel(ChildrenNotSeen notSeen) : PageModel
{
    public IReadOnlyList<NotSeenRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public Instant Now { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Reference { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The reference goes into the path, never a query string that could carry anything else.
        if (!string.IsNullOrWhiteSpace(Reference)) return Redirect("/Children/" + Uri.EscapeDataString(Reference.Trim()));
        (Rows, Total, Now) = await notSeen.ReadAsync(ct);
        return Page();
    }
}
