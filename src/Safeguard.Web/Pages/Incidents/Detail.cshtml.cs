using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Incidents;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Incidents;

/// <summary>
/// An incident with its clocks, children and history; while attendance is delayed, the THRIVE and caller-update forms;
/// for a child involved, naming the child and recording the contact in one step; for a supervisor, why no notice is needed.
/// </summary>
[Authorize(Policy = Policies.ReadIncidents)]
public sealed class DetailModel(IncidentQueries queries, IncidentCommands incidents, ChildCommands children, IAuthorizationService authorization, IClock clock,
    TimeDisplay time) : FormPage, IContactForm
{
    public IncidentView Incident { get; private set; } = null!;
    public bool CanRecord { get; private set; }
    public bool CanName { get; private set; }
    public bool CanContact { get; private set; }
    public bool CanDecide { get; private set; }
    public bool CanSubmitNotice { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty] public ThriveRequest Thrive { get; set; } = new(null, null, null, null, null, null);
    [BindProperty] public string? CallerNote { get; set; }
    [BindProperty] public string? ChildReference { get; set; }
    [BindProperty] public string? NewChildReference { get; set; }
    [BindProperty(Name = "at")] public When At { get; set; } = new();
    [BindProperty] public string? Seen { get; set; }
    [BindProperty] public string? SeenBy { get; set; }
    [BindProperty] public string? SpokenToAlone { get; set; }
    [BindProperty] public string? Said { get; set; }
    [BindProperty] public string? Demeanour { get; set; }
    [BindProperty] public string? ReasonNotSeen { get; set; }
    [BindProperty] public string? Reason { get; set; }

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
        if (page is Microsoft.AspNetCore.Mvc.RazorPages.PageResult) await AuditAsync(AuditAction.Consultation, App.Records.Incident, Incident.Reference);
        if (At.IsEmpty) At = When.Of(clock.GetCurrentInstant(), time.Zone);
        return page;
    }

    [Allows(Policies.WriteIncidents)]
    public async Task<IActionResult> OnPostReassessAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => incidents.AppendAsync(reference, new IncidentEventRequest("reassessed", Now(), null, null, null, Thrive), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Incident), "reassess", new { reference, saved = "reassessed" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.WriteIncidents)]
    public async Task<IActionResult> OnPostCallerAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => incidents.AppendAsync(reference, new IncidentEventRequest("caller-updated", Now(), null, null, CallerNote, null), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Incident), "caller", new { reference, saved = "caller" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.NameChildren)]
    public async Task<IActionResult> OnPostNameChildAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => incidents.NameChildAsync(reference, NewChildReference, User.Author(), ct),
            (AuditAction.Alteration, App.Records.Incident), "newChildReference", new { reference, saved = "named" }, () => LoadAsync(reference, ct));
    }

    /// <summary>The contact with a child involved, in one step: the child picked (or a new reference), the incident known.</summary>
    [Allows(Policies.WriteChildren)]
    public async Task<IActionResult> OnPostContactAsync(string reference, CancellationToken ct)
    {
        var child = ChildReference == "other" || string.IsNullOrWhiteSpace(ChildReference) ? NewChildReference : ChildReference;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(child)) errors["childReference"] = ["Select the child, or give the reference of another child"];
        var request = ContactForms.Request(this, reference, time.Zone, errors);
        if (errors.Count > 0) return await InvalidAsync(errors, () => LoadAsync(reference, ct));
        return await SubmitAsync(() => children.RecordContactAsync(child!.Trim(), request, User.Author(), ct), (AuditAction.Collection, App.Records.Child),
            "contact", new { reference, saved = "contact" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.DecideNoticeNeed)]
    public async Task<IActionResult> OnPostNotNeededAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => incidents.NoticeNotNeededAsync(reference, new NoticeNotNeededRequest(Reason), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Incident), "reason", new { reference, saved = "not-needed" }, () => LoadAsync(reference, ct));
    }

    private string Now() => clock.GetCurrentInstant().ToString();

    private Task<bool> MayAsync(string policy) => authorization.MayAsync(User, policy);

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        try
        {
            Incident = await queries.GetAsync(reference, ct);
            Showing = (App.Records.Incident, Incident.Reference);
        }
        catch (App.NotFoundException)
        {
            return NotFound();
        }
        CanRecord = await MayAsync(Policies.WriteIncidents);
        CanName = await MayAsync(Policies.NameChildren);
        CanContact = await MayAsync(Policies.WriteChildren);
        CanDecide = await MayAsync(Policies.DecideNoticeNeed);
        CanSubmitNotice = await MayAsync(Policies.SubmitNotices);
        return Page();
    }
}
