using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App.Notices;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>An officer submits a public protection notice. With no notice number given, one is made up (PPN-date-random).</summary>
[Authorize(Policy = Policies.SubmitNotices)]
public sealed class NewModel(NoticeCommands commands, IClock clock, TimeDisplay time, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : FormPage
{
    [BindProperty(SupportsGet = true)] public string? ChildReference { get; set; }
    [BindProperty(SupportsGet = true)] public string? IncidentReference { get; set; }

    /// <summary>The notice just submitted by someone who may not read it back: the page says it is in.</summary>
    [FromQuery(Name = "submitted")] public string? Submitted { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? OfficerRisk { get; set; }
    [BindProperty(Name = "occurredAt")] public When OccurredAt { get; set; } = new();
    [BindProperty] public string? Narrative { get; set; }
    [BindProperty] public string? VoiceOfChild { get; set; }

    public static IReadOnlyList<(string Value, string Label)> Types { get; } =
    [
        ("child_concern", "Child concern"), ("domestic_abuse", "Domestic abuse"), ("missing", "Missing"), ("exploitation", "Exploitation"),
        ("online_abuse", "Online abuse"), ("other", "Other"),
    ];

    public static IReadOnlyList<string> Risks { get; } = [.. Enum.GetValues<Domain.Notices.OfficerRisk>().Select(r => App.Subjects.EventWords.Name(r))];

    public Instant Now => clock.GetCurrentInstant();
    public DateTimeZone Zone => time.Zone;

    protected override IReadOnlyDictionary<string, string> Nouns { get; } = new Dictionary<string, string>
    {
        ["childReference"] = "The child's reference",
        ["incidentReference"] = "The incident reference",
        ["reference"] = "The notice number",
    };

    public void OnGet() => OccurredAt = When.Of(Now, Zone);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        // Every field checked at once, in plain words; the use case then checks what only it can.
        if (string.IsNullOrWhiteSpace(ChildReference)) errors["childReference"] = ["Enter the child's reference"];
        if (!Types.Any(t => t.Value == Type)) errors["type"] = ["Select the type of concern"];
        if (!Risks.Contains(OfficerRisk)) errors["officerRisk"] = ["Select your assessment of risk"];
        var occurred = OccurredAt.Read("occurredAt", "when the concern arose", Zone, errors);
        if (string.IsNullOrWhiteSpace(Narrative)) errors["narrative"] = ["Enter what happened and why you are concerned"];
        if (errors.Count > 0) return await InvalidAsync(errors, () => Task.FromResult<IActionResult>(Page()));
        var reference = string.IsNullOrWhiteSpace(Reference)
            ? App.References.Invent("PPN", time.Today(now))
            : Reference.Trim();
        // Whoever may read notices goes to the one submitted; an officer who may only submit them is told it is in, here.
        var canRead = (await authorization.AuthorizeAsync(User, Policies.ReadNotices)).Succeeded;
        return await SubmitAsync(
            () => commands.SubmitAsync(new SubmitNoticeRequest(reference, ChildReference, IncidentReference, Type, OfficerRisk, occurred, null, Narrative, VoiceOfChild),
                User.Reader(), ct),
            (AuditAction.Collection, App.Records.Notice), "submit", canRead ? new { reference, saved = "submitted" } : new { submitted = reference },
            () => Task.FromResult<IActionResult>(Page()), canRead ? "/Notices/Detail" : "/Notices/New");
    }
}
