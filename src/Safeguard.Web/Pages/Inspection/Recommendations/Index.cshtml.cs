using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Safeguard.App.Inspection;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Recommendations;

/// <summary>The recommendation tracker: every recommendation with its plan, status and whether its measures are on track; the keepers add new ones.</summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class IndexModel(RecommendationTracker tracker, IAuthorizationService authorization) : FormPage
{
    public IReadOnlyList<RecommendationView> Rows { get; private set; } = [];
    public bool CanKeep { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty(Name = "published-on")] public string? PublishedOn { get; set; }
    [BindProperty] public string? Owner { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Allows(Policies.ManageRecommendations)]
    public Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var route = new RouteValueDictionary();
        return SubmitAsync(async () => route["id"] = await tracker.AddAsync(Code, Source, Text, PublishedOn, Owner, User.Author(), ct),
            (AuditAction.Collection, RecommendationTracker.Subject), "code", route, async () =>
            {
                await LoadAsync(ct);
                return Page();
            }, page: "/Inspection/Recommendations/Detail");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await tracker.ListAsync(ct);
        CanKeep = (await authorization.AuthorizeAsync(User, Policies.ManageRecommendations)).Succeeded;
    }
}
