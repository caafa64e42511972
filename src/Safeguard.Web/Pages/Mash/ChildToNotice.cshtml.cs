using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App.Incidents;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Mash;

/// <summary>
/// The PPN-due queue: child-involved incidents still owing a public protection notice, most urgent first, by district;
/// a supervisor records on it why an incident needs none.
/// </summary>
[Authorize(Policy = Policies.ReviewNotices)]
[AuditedList(App.Records.Incident)]
public sealed class ChildToNoticeModel(ChildToNotice query, IncidentCommands incidents, IAuthorizationService authorization) : FormPage
{
    public NoticeDueView View { get; private set; } = null!;
    public bool CanDecide { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty(SupportsGet = true)] public string? District { get; set; }

    /// <summary>The incident whose reason was being recorded, to keep what was typed when it is refused.</summary>
    [BindProperty] public string? Incident { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(string? saved, [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(page, ct);
    }

    [Allows(Policies.DecideNoticeNeed)]
    public async Task<IActionResult> OnPostNotNeededAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var reference = Incident ?? "";
        return await SubmitAsync(() => incidents.NoticeNotNeededAsync(reference, new NoticeNotNeededRequest(Reason), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Incident), "reason", new { District, saved = reference }, async () =>
            {
                // The summary links to the reason box of the row that was refused.
                Errors = Errors.ToDictionary(e => e.Key == "reason" ? ReasonField(reference) : e.Key, e => e.Value);
                await LoadAsync(page, ct);
                return Page();
            });
    }

    public static string ReasonField(string incident) => "reason-" + incident;

    private async Task LoadAsync(int? page, CancellationToken ct)
    {
        View = await query.ReadAsync(District, PageRequest.Of(page, null), ct);
        CanDecide = await authorization.MayAsync(User, Policies.DecideNoticeNeed);
    }
}
