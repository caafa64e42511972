using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App.Retention;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Subjects;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Admin;

/// <summary>
/// The retention review queue for the data-protection function: every record whose review date has come, longest due
/// first, with its group; each is kept for another period (with the reason) or has its personal data erased. A child's
/// erasure takes their notices and episodes with it (<see cref="RecordErasure"/>).
/// </summary>
[Authorize(Policy = Policies.ReviewRetention)]
[AuditedList("retention")]
public sealed class RetentionModel(RetentionReviews reviews, TimeDisplay time) : FormPage
{
    public Paged<RetentionDue> Due { get; private set; } = null!;
    public string? Kind { get; private set; }
    public string? Saved { get; private set; }
    public string? SavedReference { get; private set; }
    public RetentionSchedule Schedule => reviews.Schedule;
    public string Today => time.Date(reviews.Today);

    /// <summary>The record whose form failed: its reason field carries the error.</summary>
    public (string Kind, string Reference)? Failed { get; private set; }

    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(string? kind, int? page, string? saved, string? record, CancellationToken ct)
    {
        (Saved, SavedReference) = (saved, record);
        await LoadAsync(kind, page, ct);
    }

    public Task<IActionResult> OnPostKeepAsync(string kind, string reference, CancellationToken ct) =>
        DecideAsync(kind, reference, "kept", () => reviews.KeepAsync(kind, reference, Reason, User.Author(), Auditing.Justification(User, "retention review"), ct), AuditAction.Alteration, ct);

    [Allows(Policies.EraseRecords)]
    public Task<IActionResult> OnPostEraseAsync(string kind, string reference, CancellationToken ct) =>
        DecideAsync(kind, reference, "erased", () => reviews.EraseAsync(kind, reference, Reason, User.Author(), Auditing.Justification(User, "retention review"), ct), AuditAction.Erasure, ct);

    private async Task<IActionResult> DecideAsync(string kind, string reference, string saved, Func<Task> decision, AuditAction action, CancellationToken ct)
    {
        var shown = await SubmitAsync(decision, (action, RecordErasure.Kinds.Contains(kind) ? kind : App.Records.Child), "reason",
            new { saved, record = reference, kind = Request.Query["kind"].FirstOrDefault() }, async () =>
            {
                await LoadAsync(Request.Query["kind"].FirstOrDefault(), null, ct);
                return Page();
            });
        if (Errors.Count > 0) Failed = (kind, reference);
        return shown;
    }

    private async Task LoadAsync(string? kind, int? page, CancellationToken ct)
    {
        Kind = RecordErasure.Kinds.Contains(kind ?? "") ? kind : null;
        Due = await reviews.DueAsync(null, Kind, PageRequest.Of(page, null), ct);
    }
}
