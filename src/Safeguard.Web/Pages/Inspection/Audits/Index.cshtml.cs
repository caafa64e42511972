using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Safeguard.App.Inspection;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Audits;

/// <summary>
/// Case-file audits: the results that stand (overall, by area, by month audited), the samples drawn, and for an auditor
/// the form that draws a new reproducible sample of a period's cases.
/// </summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class IndexModel(CaseAudits audits, IAuthorizationService authorization) : FormPage
{
    public AuditResults Results { get; private set; } = null!;
    public IReadOnlyList<SampleSummary> Samples { get; private set; } = [];
    public bool CanAudit { get; private set; }

    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Size { get; set; }
    [BindProperty] public string? Seed { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    [Allows(Policies.AuditCases)]
    public Task<IActionResult> OnPostDrawAsync(CancellationToken ct)
    {
        var route = new RouteValueDictionary();
        return SubmitAsync(async () =>
        {
            var errors = new Dictionary<string, string[]>();
            int? size = int.TryParse(Size?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
            long? seed = long.TryParse(Seed?.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            if (size is null && !string.IsNullOrWhiteSpace(Size)) errors["size"] = ["The sample size must be a whole number, like 30"];
            if (seed is null && !string.IsNullOrWhiteSpace(Seed)) errors["seed"] = ["The seed must be a whole number, like 2021"];
            var period = audits.ReadSampleInputs(From, To, size, seed, errors);
            var drawn = await audits.DrawAsync(period, size!.Value, seed!.Value, User.Author(), ct);
            route["id"] = drawn.Sample.Id;
        }, (AuditAction.Consultation, SampleModel.CaseAuditsList), "from", route, async () =>
        {
            await LoadAsync(ct);
            return Page();
        }, page: "/Inspection/Audits/Sample");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Results = await audits.ResultsAsync(null, ct);
        Samples = await audits.SamplesAsync(ct);
        CanAudit = (await authorization.AuthorizeAsync(User, Policies.AuditCases)).Succeeded;
    }
}
