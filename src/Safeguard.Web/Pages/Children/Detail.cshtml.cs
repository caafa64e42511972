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
public sealed class DetailModel(ChildChronology chronology, ChildCommands commands, App.Subjects.RecordErasure erasure, ChildRestriction restriction, ChildMerging merging,
    App.Audit.AuditTrail audit, IAuthorizationService authorization, IClock clock,
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

    public bool CanRestrict { get; private set; }
    public bool CanMerge { get; private set; }

    /// <summary>The record is restricted and the reader is not the data-protection function: only that is shown.</summary>
    public bool Withheld { get; private set; }

    [BindProperty] public string? RestrictionReason { get; set; }
    [BindProperty] public string? MergeInto { get; set; }
    [BindProperty] public string? MergeReason { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty(Name = "dateOfBirth")] public When DateOfBirth { get; set; } = new();
    [BindProperty] public string? School { get; set; }
    [BindProperty] public bool ChildProtectionPlan { get; set; }
    [BindProperty] public bool LookedAfter { get; set; }
    [BindProperty] public bool ExploitationRisk { get; set; }

    [BindProperty(Name = "at")] public When At { get; set; } = new();
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
        if (Record is { } r && !Withheld && r.MergedInto is null)
        {
            await AuditAsync(AuditAction.Consultation, App.Records.Child, r.Reference);
            var d = r.Details;
            (Name, DateOfBirth, School, ChildProtectionPlan, LookedAfter, ExploitationRisk) =
                (d.Name, d.DateOfBirth is { } born ? When.OfDate(born) : new When(), d.School, d.ChildProtectionPlan, d.LookedAfter, d.ExploitationRisk);
        }
        if (At.IsEmpty) At = When.Of(clock.GetCurrentInstant(), time.Zone);
        return page;
    }

    [Allows(Policies.WriteChildren)]
    public async Task<IActionResult> OnPostDetailsAsync(string reference, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var born = DateOfBirth.ReadDate("dateOfBirth", "the date of birth", errors);
        if (errors.Count > 0) return await InvalidAsync(errors, () => LoadAsync(reference, ct));
        return await SubmitAsync(
            // The form shows every detail, so each is given: a field left empty clears it (binding makes it null).
            () => commands.UpdateDetailsAsync(reference, new ChildDetailsRequest(Name ?? "", born is { } b ? LocalDatePattern.Iso.Format(b) : "", School ?? "",
                ChildProtectionPlan, LookedAfter, ExploitationRisk), User.Author(), ct),
            (AuditAction.Alteration, App.Records.Child), "details", new { reference, saved = "details" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.WriteChildren)]
    public async Task<IActionResult> OnPostContactAsync(string reference, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var request = ContactForms.Request(this, IncidentReference, time.Zone, errors);
        if (errors.Count > 0) return await InvalidAsync(errors, () => LoadAsync(reference, ct));
        return await SubmitAsync(() => commands.RecordContactAsync(reference, request, User.Author(), ct), (AuditAction.Collection, App.Records.Child), "contact", new { reference, saved = "contact" },
            () => LoadAsync(reference, ct));
    }

    /// <summary>The data-protection function erases the child's personal data on a request, saying why (<see cref="App.Subjects.RecordErasure"/>).</summary>
    [Allows(Policies.EraseRecords)]
    public async Task<IActionResult> OnPostEraseAsync(string reference, CancellationToken ct) =>
        await SubmitAsync(() => erasure.EraseChildAsync(reference, ErasureReason, User.Author(), Auditing.Justification(User, "data-protection request"), ct),
            (AuditAction.Erasure, App.Records.Child), "reason", new { reference, saved = "erased" }, () => LoadAsync(reference, ct), prefix: "erase-");

    /// <summary>The data-protection function restricts the record while a request is weighed (<see cref="ChildRestriction"/>), or lifts it.</summary>
    [Allows(Policies.RestrictRecords)]
    public async Task<IActionResult> OnPostRestrictAsync(string reference, CancellationToken ct) =>
        await SubmitAsync(() => restriction.RestrictAsync(reference, RestrictionReason, User.Author(), Auditing.Justification(User, "data-protection request"), ct),
            (AuditAction.Alteration, App.Records.Child), "reason", new { reference, saved = "restricted" }, () => LoadAsync(reference, ct), prefix: "restrict-");

    [Allows(Policies.RestrictRecords)]
    public async Task<IActionResult> OnPostLiftAsync(string reference, CancellationToken ct) =>
        await SubmitAsync(() => restriction.LiftAsync(reference, RestrictionReason, User.Author(), Auditing.Justification(User, "data-protection request"), ct),
            (AuditAction.Alteration, App.Records.Child), "reason", new { reference, saved = "lifted" }, () => LoadAsync(reference, ct), prefix: "restrict-");

    /// <summary>The data-protection function merges this duplicate into the record kept (<see cref="ChildMerging"/>).</summary>
    [Allows(Policies.MergeChildren)]
    public async Task<IActionResult> OnPostMergeAsync(string reference, CancellationToken ct) =>
        await SubmitAsync(() => merging.MergeAsync(reference, MergeInto, MergeReason, User.Author(), Auditing.Justification(User, "duplicate records"), ct),
            (AuditAction.Combination, App.Records.Child), "into", new { reference, saved = "merged" }, () => LoadAsync(reference, ct),
            prefix: "merge-");

    private Task<bool> MayWriteAsync() => authorization.MayAsync(User, Policies.WriteChildren);

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        if (await chronology.ReadAsync(reference, ct) is not { } record) return NotFound();
        Record = record;
        CanRestrict = await authorization.MayAsync(User, Policies.RestrictRecords);
        Withheld = record.RestrictedAt is not null && !CanRestrict;
        if (Withheld || record.MergedInto is not null) return Page();
        Showing = (App.Records.Child, record.Reference);
        // A restricted record is not changed until the restriction is lifted.
        CanWrite = record.RestrictedAt is null && await MayWriteAsync();
        CanErase = await authorization.MayAsync(User, Policies.EraseRecords);
        CanMerge = record.RestrictedAt is null && await authorization.MayAsync(User, Policies.MergeChildren);
        if (await authorization.MayAsync(User, Policies.ReadAudit)) Uses = await audit.ForAsync(App.Records.Child, record.Reference, 50, ct);
        return Page();
    }
}
