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

    public static RouteGroupBuilder MapCapacityApi(this RouteGroupBuilder group)
    {
        group.MapGet("/", Capacity).RequireAuthorization(Policies.ReadPerformance)
            .WithName("CapacityReport")
            .WithSummary("Capacity and backlogs of every queue (each kind of clock), force-wide (team null) and by district, at `at` (now by default): open, overdue, ages, arrivals and completions per day over `windowDays` (28) before it, and the days to clear (null: not clearing). The same JSON as `safeguard capacity`.")
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<Ok<CapacityDto>> Capacity(string? at, int? windowDays, BuildCapacityReport reports, NodaTime.IClock clock, CancellationToken ct)
    {
        var (instant, days) = BuildCapacityReport.Read(at, windowDays, clock.GetCurrentInstant(), reports.Zone);
        return TypedResults.Ok(await reports.BuildAsync(instant, days, ct));
    }

    private static async Task<Ok<PerformanceReportDto>> Performance(string? from, string? to, BuildPerformanceReport reports, CancellationToken ct)
    {
        if (!ReportPeriods.TryParse(from, to, reports.Zone, out var period, out var error))
            throw InputException.For("period", error!);
        return TypedResults.Ok(await reports.BuildAsync(period, ct));
    }
}
