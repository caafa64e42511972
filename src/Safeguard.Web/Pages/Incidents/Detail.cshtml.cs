using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Incidents;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Incidents;

[Authorize(Policy = Policies.ReadIncidents)]
public sealed class DetailModel(IncidentCommands incidents) : PageModel
{
    public IncidentView Incident { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        try
        {
            Incident = await incidents.GetAsync(reference, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
