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
            .WithSummary("Attendance compliance for a period [from, to) of Europe/London local dates; the same JSON as `safeguard report`.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Ok<PerformanceReportDto>> Performance(string? from, string? to, BuildPerformanceReport reports, CancellationToken ct)
    {
        if (!ReportPeriods.TryParse(from, to, out var period, out var error))
            throw InputException.For("period", error!);
        return TypedResults.Ok(await reports.BuildAsync(period, ct));
    }
}
