using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Audits;

/// <summary>A drawn sample: its inputs (to draw it again), how many per area, and each case with where its audit stands.</summary>
[Authorize(Policy = Policies.ReadPerformance)]
[AuditedList(CaseAuditsList)]
public sealed class SampleModel(CaseAudits audits, IAuthorizationService authorization) : PageModel
{
    public const string CaseAuditsList = "case-audit";

    public AuditedSample Drawn { get; private set; } = null!;
    public bool CanAudit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            Drawn = await audits.SampleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        CanAudit = (await authorization.AuthorizeAsync(User, Policies.AuditCases)).Succeeded;
        return Page();
    }
}
