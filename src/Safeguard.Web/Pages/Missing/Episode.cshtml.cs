using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App;
using Safeguard.App.Missing;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Missing;

/// <summary>
/// A missing episode, worked end to end: attended, risk reviews (a change of risk with its reason and the information
/// behind it), actions to find the child, found, the interviews after, exploitation indicators — each a form that works
/// without JavaScript — with the episode's clocks and history in words.
/// </summary>
[Authorize(Policy = Policies.ReadMissing)]
public sealed class EpisodeModel(EpisodeCommands episodes, IAuthorizationService authorization, IClock clock, SafeguardPolicy policy) : FormPage
{
    public EpisodeView Episode { get; private set; } = null!;
    public bool CanRecord { get; private set; }
    [FromQuery(Name = "saved")] public string? Saved { get; set; }

    public Instant Now => clock.GetCurrentInstant();
    public DateTimeZone Zone => policy.Zone;

    [BindProperty(Name = "attended-at")] public When AttendedAt { get; set; } = new();

    [BindProperty(Name = "review-at")] public When ReviewAt { get; set; } = new();
    [BindProperty(Name = "review-risk")] public string? ReviewRisk { get; set; }
    [BindProperty(Name = "review-reason")] public string? ReviewReason { get; set; }
    [BindProperty(Name = "review-information")] public List<InformationRow> ReviewInformation { get; set; } = [];

    [BindProperty(Name = "action-kind")] public string? ActionKind { get; set; }
    [BindProperty(Name = "action-at")] public When ActionAt { get; set; } = new();
    [BindProperty(Name = "action-note")] public string? ActionNote { get; set; }

    [BindProperty(Name = "found-at")] public When FoundAt { get; set; } = new();
    [BindProperty(Name = "found-where")] public string? FoundWhere { get; set; }
    [BindProperty(Name = "found-foundBy")] public string? FoundBy { get; set; }

    [BindProperty(Name = "interview-kind")] public string? InterviewKind { get; set; }
    [BindProperty(Name = "interview-at")] public When InterviewAt { get; set; } = new();

    [BindProperty(Name = "indicator-at")] public When IndicatorAt { get; set; } = new();
    [BindProperty(Name = "indicator-indicator")] public string? Indicator { get; set; }

    /// <summary>The actions the form offers, from the use case's table, in the history's words.</summary>
    public static IReadOnlyList<(string Key, string Words)> Actions { get; } = [.. EpisodeCommands.ActionKinds.Select(k => (k.Key, EventWords.ActionWords(k.Kind)))];

    /// <summary>The interviews the form offers, from the use case's table, in the history's words.</summary>
    public static IReadOnlyList<(string Key, string Words)> Interviews { get; } =
        [.. EpisodeCommands.InterviewKinds.Select(k => (k.Key, EventWords.Describe(k.Record(default, ""))))];

    protected override IReadOnlyDictionary<string, string> Nouns { get; } = new Dictionary<string, string>
    {
        ["at"] = "The time",
        ["reason"] = "The reason",
        ["note"] = "The note",
        ["where"] = "Where the child was found",
        ["foundBy"] = "Who found the child",
        ["indicator"] = "The indicator",
    };

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await LoadAsync(reference, ct) is { } missing) return missing;
        // Each form starts at now, which is what most entries are.
        (AttendedAt, ReviewAt, ActionAt, FoundAt, InterviewAt, IndicatorAt) =
            (When.Of(Now, Zone), When.Of(Now, Zone), When.Of(Now, Zone), When.Of(Now, Zone), When.Of(Now, Zone), When.Of(Now, Zone));
        await Auditing.RecordAsync(HttpContext, AuditAction.Consultation, Records.Missing, Episode.Reference, "/Missing/Episode GET");
        return Page();
    }

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostAttendedAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "attended-", "attended", errors => new EpisodeEventRequest("attended", AttendedAt.Read("attended-at", "the time an officer attended", Zone, errors),
            null, null, null, null, null, null, null, null), ct);

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostReviewAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "review-", "reviewed", errors =>
        {
            var at = ReviewAt.Read("review-at", "the time of the review", Zone, errors);
            if (!RiskLevels.TryParse(ReviewRisk, out var risk)) errors["review-risk"] = ["Select the risk to the child now"];
            else if (risk.Name() != Episode.CurrentRisk && string.IsNullOrWhiteSpace(ReviewReason))
                errors["review-reason"] = [$"Give the reason the risk changed from {Episode.CurrentRisk.Replace('_', ' ')}"];
            var information = ReviewInformation.Select((row, i) => row.Read(i, Zone, errors, "review-information")).OfType<RiskInformationRequest>().ToList();
            return new EpisodeEventRequest("reviewed", at, ReviewRisk, ReviewReason, information, null, null, null, null, null);
        }, ct);

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostActionAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "action-", "action", errors =>
        {
            if (!Actions.Any(a => a.Key == ActionKind)) errors["action-kind"] = ["Select what was done"];
            return new EpisodeEventRequest("action", ActionAt.Read("action-at", "the time it was done", Zone, errors), null, null, null, ActionKind, ActionNote, null, null, null);
        }, ct);

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostFoundAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "found-", "found", errors =>
        {
            var at = FoundAt.Read("found-at", "the time the child was found", Zone, errors);
            if (string.IsNullOrWhiteSpace(FoundWhere)) errors["found-where"] = ["Enter where the child was found"];
            if (string.IsNullOrWhiteSpace(FoundBy)) errors["found-foundBy"] = ["Enter who found the child"];
            return new EpisodeEventRequest("found", at, null, null, null, null, null, FoundWhere, FoundBy, null);
        }, ct);

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostInterviewAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "interview-", "interview", errors =>
        {
            if (!Interviews.Any(i => i.Key == InterviewKind)) errors["interview-kind"] = ["Select which interview"];
            return new EpisodeEventRequest(InterviewKind ?? "", InterviewAt.Read("interview-at", "the time of the interview", Zone, errors), null, null, null, null, null, null, null, null);
        }, ct);

    [Allows(Policies.WriteMissing)]
    public Task<IActionResult> OnPostIndicatorAsync(string reference, CancellationToken ct) =>
        RecordAsync(reference, "indicator-", "indicator", errors =>
        {
            var at = IndicatorAt.Read("indicator-at", "the time it was noticed", Zone, errors);
            if (string.IsNullOrWhiteSpace(Indicator)) errors["indicator-indicator"] = ["Enter the indicator of exploitation"];
            return new EpisodeEventRequest("exploitation-indicator", at, null, null, null, null, null, null, null, Indicator);
        }, ct);

    /// <summary>
    /// Checks one form's fields all at once in the page's words; then records the event, or shows the page again with
    /// the use case's errors (its fields named under the form's <paramref name="prefix"/>), nothing changed.
    /// </summary>
    private async Task<IActionResult> RecordAsync(string reference, string prefix, string saved, Func<Dictionary<string, string[]>, EpisodeEventRequest> read, CancellationToken ct)
    {
        if (await LoadAsync(reference, ct) is { } missing) return missing;
        var errors = new Dictionary<string, string[]>();
        var request = read(errors);
        // The episode was read above and a refusal changes nothing: the page is shown again as it is.
        Task<IActionResult> Reload() => Task.FromResult<IActionResult>(Page());
        if (errors.Count > 0) return await InvalidAsync(errors, Reload);
        return await SubmitAsync(() => episodes.AppendAsync(Episode.Reference, request, User.Author(), ct), (AuditAction.Alteration, Records.Missing), "at",
            new { reference = Episode.Reference, saved }, Reload, prefix: prefix);
    }

    private async Task<IActionResult?> LoadAsync(string reference, CancellationToken ct)
    {
        try
        {
            Episode = await episodes.GetAsync(reference, ct);
            Showing = (Records.Missing, Episode.Reference);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        CanRecord = (await authorization.AuthorizeAsync(User, Policies.WriteMissing)).Succeeded;
        InformationRow.Pad(ReviewInformation);
        return null;
    }
}
