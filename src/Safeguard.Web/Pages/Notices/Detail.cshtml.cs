using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App;
using Safeguard.App.Notices;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>
/// A notice with its clocks; for the MASH the review, sharing and Operation Encompass forms; for a partner only their
/// agency's share and the acknowledgement. A partner asking for any other notice gets "not found".
/// </summary>
[Authorize(Policy = Policies.ReadNotices)]
public sealed class DetailModel(NoticeQueries queries, NoticeCommands commands, Agencies agencies, IAuthorizationService authorization, IClock clock) : FormPage
{
    public NoticeView Notice { get; private set; } = null!;
    public bool IsPartner { get; private set; }
    public bool CanReview { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty] public string? Rag { get; set; }
    [BindProperty] public string? Rationale { get; set; }
    [BindProperty] public string? RiskChangeReason { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public List<string> ShareWith { get; set; } = [];
    [BindProperty] public string? Agency { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>The agencies a notice may be shared with: the administrators' list.</summary>
    public IReadOnlyList<AgencyView> AgencyList { get; private set; } = [];
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? LawfulBasis { get; set; }
    [BindProperty] public string? School { get; set; }
    [BindProperty] public string? SchoolWhat { get; set; }

    public static IReadOnlyList<(string Value, string Label)> Decisions { get; } =
    [
        ("no_further_action", "No further action"), ("early_help", "Early help"),
        ("referral_to_childrens_social_care", "Referral to children's social care"), ("strategy_discussion", "Strategy discussion"),
    ];

    /// <summary>Agencies the review named that the notice is not yet shared with.</summary>
    public IEnumerable<string> StillToShare => (Notice.Review?.ShareWith ?? []).Where(a => !Notice.Shares.Any(s => string.Equals(s.Agency, a, StringComparison.OrdinalIgnoreCase)));

    public async Task<IActionResult> OnGetAsync(string reference, string? saved, CancellationToken ct)
    {
        Saved = saved;
        var page = await LoadAsync(reference, ct);
        if (page is Microsoft.AspNetCore.Mvc.RazorPages.PageResult) await AuditAsync(AuditAction.Consultation, App.Records.Notice, Notice.Reference);
        return page;
    }

    [Allows(Policies.ReviewNotices)]
    public async Task<IActionResult> OnPostReviewAsync(string reference, CancellationToken ct)
    {
        // Every field checked at once in plain words; the use case then holds the rules between them (a RAG that departs
        // from the officer's risk needs a reason; red or amber needs agencies).
        var errors = new Dictionary<string, string[]>();
        if (!Domain.Notices.NoticeValues.TryParseRag(Rag ?? "", out _)) errors["rag"] = ["Select the RAG rating"];
        if (string.IsNullOrWhiteSpace(Rationale)) errors["rationale"] = ["Enter the reason for the rating"];
        if (string.IsNullOrWhiteSpace(Decision)) errors["decision"] = ["Select a decision"];
        if (errors.Count > 0) return await InvalidAsync(errors, () => LoadAsync(reference, ct));
        return await SubmitAsync(() => commands.ReviewAsync(reference, new ReviewNoticeRequest(Now(), Rag, Rationale, Decision, ShareWith, RiskChangeReason), User.Reader(), ct),
            (AuditAction.Alteration, App.Records.Notice), "review", new { reference, saved = "review" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.ReviewNotices)]
    public async Task<IActionResult> OnPostShareAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => commands.ShareAsync(reference, new ShareNoticeRequest(Now(), Agency, What, LawfulBasis, Reason), User.Reader(), ct),
            (AuditAction.Disclosure, App.Records.Notice), "share", new { reference, saved = "share" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.ReviewNotices)]
    public async Task<IActionResult> OnPostSchoolAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => commands.SchoolNotifiedAsync(reference, new SchoolNotifiedRequest(Now(), School, SchoolWhat), User.Reader(), ct),
            (AuditAction.Disclosure, App.Records.Notice), "school", new { reference, saved = "school" }, () => LoadAsync(reference, ct));
    }

    [Allows(Policies.AcknowledgeNotices)]
    public async Task<IActionResult> OnPostAcknowledgeAsync(string reference, CancellationToken ct)
    {
        return await SubmitAsync(() => queries.AcknowledgeAsync(reference, User.Reader(), ct), (AuditAction.Alteration, App.Records.Notice), "acknowledge", new { reference, saved = "acknowledge" },
            () => LoadAsync(reference, ct));
    }

    private string Now() => clock.GetCurrentInstant().ToString();

    private Task<bool> MayAsync(string policy) => authorization.MayAsync(User, policy);

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        var reader = User.Reader();
        try
        {
            Notice = await queries.GetAsync(reference, reader, ct);
            Showing = (App.Records.Notice, Notice.Reference);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        IsPartner = reader.IsPartner;
        CanReview = !IsPartner && await MayAsync(Policies.ReviewNotices);
        if (CanReview) AgencyList = await agencies.ListAsync(withRetired: false, ct);
        LawfulBasis ??= NoticeQueries.DefaultLawfulBasis;
        return Page();
    }
}
