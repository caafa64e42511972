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
    public Instant Now { get; private set; }

    [BindProperty] public ThriveRequest Thrive { get; set; } = new(null, null, null, null, null, null);
    [BindProperty] public string? CallerNote { get; set; }

    /// <summary>When the risk was reassessed (shown as now, to be changed when it is recorded afterwards).</summary>
    [BindProperty(Name = "reassess-at")] public When ReassessAt { get; set; } = new();

    /// <summary>When the caller was told.</summary>
    [BindProperty(Name = "caller-at")] public When CallerAt { get; set; } = new();
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
        return page;
    }

    [Allows(Policies.WriteIncidents)]
    public async Task<IActionResult> OnPostReassessAsync(string reference, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var at = ReassessAt.Read("reassess-at", "when the risk was reassessed", time.Zone, errors);
        var notes = new Dictionary<string, string[]>();
        IncidentCommands.ThriveOf(Thrive, notes);
        foreach (var (field, messages) in notes) errors["reassess-" + field] = messages;
        return await RecordAsync(reference, "reassess-", errors, new IncidentEventRequest("reassessed", at, null, null, null, Thrive), "reassessed", ct);
    }

    [Allows(Policies.WriteIncidents)]
    public async Task<IActionResult> OnPostCallerAsync(string reference, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var at = CallerAt.Read("caller-at", "when the caller was told", time.Zone, errors);
        return await RecordAsync(reference, "caller-", errors, new IncidentEventRequest("caller-updated", at, null, null, CallerNote, null), "caller", ct);
    }

    /// <summary>
    /// An action while attendance is delayed, at the time the form gives: the page's own errors first (nothing sent),
    /// then the use case's, each under the form's <paramref name="prefix"/> (the contact form on the page asks a time too).
    /// </summary>
    private async Task<IActionResult> RecordAsync(string reference, string prefix, Dictionary<string, string[]> errors, IncidentEventRequest request, string saved,
        CancellationToken ct)
    {
        if (errors.Count > 0) return await InvalidAsync(errors, () => LoadAsync(reference, ct));
        return await SubmitAsync(() => incidents.AppendAsync(reference, request, User.Author(), ct), (AuditAction.Alteration, App.Records.Incident), "at",
            new { reference, saved }, () => LoadAsync(reference, ct), prefix: prefix);
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

    private Task<bool> MayAsync(string policy) => authorization.MayAsync(User, policy);

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        try
        {
            Now = clock.GetCurrentInstant();
            Incident = await queries.GetAsync(reference, ct);
            // Each form's time shows now, but for the form just refused, which shows what was typed (even nothing).
            var refused = Request.Query["handler"].ToString().ToUpperInvariant();
            if (At.IsEmpty && refused != "CONTACT") At = When.Of(Now, time.Zone);
            if (ReassessAt.IsEmpty && refused != "REASSESS") ReassessAt = When.Of(Now, time.Zone);
            if (CallerAt.IsEmpty && refused != "CALLER") CallerAt = When.Of(Now, time.Zone);
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
