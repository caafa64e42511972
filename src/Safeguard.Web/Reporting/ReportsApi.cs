using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App;
using Safeguard.App.Reporting;
using Safeguard.Web.Access;

namespace Safeguard.Web.Reporting;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/performance", Performance).RequireAuthorization(Policies.ReadPerformance)
            .WithName("PerformanceReport")
            .WithSummary("Compliance for a period [from, to) of local dates in the policy's time zone (Europe/London by default); the same JSON as `safeguard report`.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Ok<PerformanceReportDto>> Performance(string? from, string? to, BuildPerformanceReport reports, CancellationToken ct)
    {
        if (!ReportPeriods.TryParse(from, to, reports.Zone, out var period, out var error))
            throw InputException.For("period", error!);
        return TypedResults.Ok(await reports.BuildAsync(period, ct));
    }
}
