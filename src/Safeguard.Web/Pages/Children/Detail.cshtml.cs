using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Children;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

/// <summary>
/// A child's record: details and flags, what is still owed (open clocks), the voice of the child on each contact and
/// the chronology; with forms to record the details and a contact. Never shown to partner agencies.
/// </summary>
[Authorize(Policy = Policies.ReadChildren)]
public sealed class DetailModel(ChildChronology chronology, ChildCommands commands, ChildErasure erasure, App.Audit.AuditTrail audit, IAuthorizationService authorization, IClock clock,
    TimeDisplay time) : FormPage, IContactForm
{
    public ChildRecordView Record { get; private set; } = null!;

    /// <summary>For the data-protection function only: who used this record, newest first.</summary>
    public IReadOnlyList<App.Audit.AuditView>? Uses { get; private set; }
    public bool CanWrite { get; private set; }

    public string? Saved { get; private set; }
    public bool CanErase { get; private set; }

    /// <summary>Why the record is erased (the data-protection request).</summary>
    [BindProperty] public string? ErasureReason { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? DateOfBirth { get; set; }
    [BindProperty] public string? School { get; set; }
    [BindProperty] public bool ChildProtectionPlan { get; set; }
    [BindProperty] public bool LookedAfter { get; set; }
    [BindProperty] public bool ExploitationRisk { get; set; }

    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? IncidentReference { get; set; }
    [BindProperty] public string? Seen { get; set; }
    [BindProperty] public string? SeenBy { get; set; }
    [BindProperty] public string? SpokenToAlone { get; set; }
    [BindProperty] public string? Said { get; set; }
    [BindProperty] public string? Demeanour { get; set; }
    [BindProperty] public string? ReasonNotSeen { get; set; }

    public async Task<IActionResult> OnGetAsync(string reference, string? saved, CancellationToken ct)
    {
        Saved = saved;
        var page = await LoadAsync(reference, ct);
        if (Record is { } r)
        {
            await AuditAsync(AuditAction.Consultation, App.Records.Child, r.Reference);
            var d = r.Details;
            (Name, DateOfBirth, School, ChildProtectionPlan, LookedAfter, ExploitationRisk) =
                (d.Name, d.DateOfBirth is { } born ? LocalDatePattern.Iso.Format(born) : null, d.School, d.ChildProtectionPlan, d.LookedAfter, d.ExploitationRisk);
        }
        At ??= time.Input(clock.GetCurrentInstant());
        return page;
    }

    [Allows(Policies.WriteChildren)]
    public async Task<IActionResult> OnPostDetailsAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(
            // The form shows every detail, so each is given: a field left empty clears it (binding makes it null).
            () => commands.UpdateDetailsAsync(reference, new ChildDetailsRequest(Name ?? "", DateOfBirth ?? "", School ?? "", ChildProtectionPlan, LookedAfter, ExploitationRisk), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Child), "details", new { reference, saved = "details" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.WriteChildren)]
    public async Task<IActionResult> OnPostContactAsync(string reference, CancellationToken ct)
    {
        var request = ContactForms.Request(this, IncidentReference);
        return await SubmitAsync(() => commands.RecordContactAsync(reference, request, User.Author(), ct), (AuditAction.Collection, App.Records.Child), "contact", new { reference, saved = "contact" },
            () => LoadAsync(reference, ct));
    }

    /// <summary>The data-protection function erases the child's personal data on a request, saying why (<see cref="ChildErasure"/>).</summary>
    [Allows(Policies.EraseRecords)]
    public async Task<IActionResult> OnPostEraseAsync(string reference, CancellationToken ct) =>
        await SubmitAsync(() => erasure.EraseAsync(reference, ErasureReason, User.Author(), Auditing.Justification(User, "data-protection request"), ct),
            (AuditAction.Erasure, App.Records.Child), "reason", new { reference, saved = "erased" }, () => LoadAsync(reference, ct));

    private Task<bool> MayWriteAsync() => authorization.MayAsync(User, Policies.WriteChildren);

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        if (await chronology.ReadAsync(reference, ct) is not { } record) return NotFound();
        Record = record;
        CanWrite = await MayWriteAsync();
        CanErase = await authorization.MayAsync(User, Policies.EraseRecords);
        if (await authorization.MayAsync(User, Policies.ReadAudit)) Uses = await audit.ForAsync(App.Records.Child, record.Reference, 50, ct);
        return Page();
    }
}
