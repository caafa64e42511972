using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App.Notices;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>An officer submits a public protection notice. With no notice number given, one is made up (PPN-date-random).</summary>
[Authorize(Policy = Policies.SubmitNotices)]
public sealed class NewModel(NoticeCommands commands, IClock clock, TimeDisplay time) : FormPage
{
    [BindProperty(SupportsGet = true)] public string? ChildReference { get; set; }
    [BindProperty(SupportsGet = true)] public string? IncidentReference { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? OfficerRisk { get; set; }
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Narrative { get; set; }
    [BindProperty] public string? VoiceOfChild { get; set; }

    public static IReadOnlyList<(string Value, string Label)> Types { get; } =
    [
        ("child_concern", "Child concern"), ("domestic_abuse", "Domestic abuse"), ("missing", "Missing"), ("exploitation", "Exploitation"),
        ("online_abuse", "Online abuse"), ("other", "Other"),
    ];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var reference = string.IsNullOrWhiteSpace(Reference)
            ? $"PPN-{time.Today(now):yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}"
            : Reference.Trim();
        return await SubmitAsync(
            () => commands.SubmitAsync(new SubmitNoticeRequest(reference, ChildReference, IncidentReference, Type, OfficerRisk, OccurredAt, null, Narrative, VoiceOfChild),
                User.Reader(), ct),
            (AuditAction.Collection, App.Records.Notice), "submit", new { reference, saved = "submitted" }, () => Task.FromResult<IActionResult>(Page()), "/Notices/Detail");
    }
}
