using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App;
using Safeguard.App.Incidents;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Incidents;

/// <summary>An incident with its clock and history; while attendance is delayed, the THRIVE and caller-update forms.</summary>
[Authorize(Policy = Policies.ReadIncidents)]
public sealed class DetailModel(IncidentCommands incidents, IAuthorizationService authorization, IClock clock) : PageModel
{
    public IncidentView Incident { get; private set; } = null!;
    public bool CanRecord { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Saved { get; private set; }

    [BindProperty]
    public ThriveRequest Thrive { get; set; } = new(null, null, null, null, null, null);

    [BindProperty]
    public string? CallerNote { get; set; }

    /// <summary>What was typed for one THRIVE consideration, to show it again after a problem.</summary>
    public string? ThriveNote(string name) => name switch
    {
        "Threat" => Thrive.Threat,
        "Harm" => Thrive.Harm,
        "Risk" => Thrive.Risk,
        "Investigation" => Thrive.Investigation,
        "Vulnerability" => Thrive.Vulnerability,
        _ => Thrive.Engagement,
    };

    public async Task<IActionResult> OnGetAsync(string reference, string? saved, CancellationToken ct)
    {
        Saved = saved;
        var page = await LoadAsync(reference, ct);
        if (page is PageResult) await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, App.Records.Incident, Incident.Reference, "/Incidents/Detail GET");
        return page;
    }

    public Task<IActionResult> OnPostReassessAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, new IncidentEventRequest("reassessed", Now(), null, null, null, Thrive), "reassessed", ct);

    public Task<IActionResult> OnPostCallerAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, new IncidentEventRequest("caller-updated", Now(), null, null, CallerNote, null), "caller", ct);

    private string Now() => clock.GetCurrentInstant().ToString();

    private async Task<IActionResult> RecordAsync(string reference, IncidentEventRequest request, string what, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.WriteIncidents)).Succeeded) return Forbid();
        try
        {
            await incidents.AppendAsync(reference, request, User.Author(), ct);
            await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Alteration, App.Records.Incident, reference, "/Incidents/Detail POST " + what);
            return RedirectToPage(new { reference, saved = what });
        }
        catch (InputException e)
        {
            Errors = e.Errors;
        }
        catch (RuleException e)
        {
            Errors = new Dictionary<string, string[]> { [what] = [e.Message] };
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        var page = await LoadAsync(reference, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        try
        {
            Incident = await incidents.GetAsync(reference, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        CanRecord = (await authorization.AuthorizeAsync(User, Policies.WriteIncidents)).Succeeded;
        return Page();
    }
}
