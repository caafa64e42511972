using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Missing;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Missing;

[Authorize(Policy = Policies.ReadMissing)]
public sealed class EpisodeModel(EpisodeCommands episodes) : PageModel
{
    public EpisodeView Episode { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        try
        {
            Episode = await episodes.GetAsync(reference, ct);
            await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, App.Records.Missing, Episode.Reference, "/Missing/Episode GET");
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
