using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Reporting;
using Safeguard.Web.Access;
using Safeguard.Web.Reporting;

namespace Safeguard.Web.Pages.Performance;

[Authorize(Policy = Policies.ReadPerformance)]
public sealed class IndexModel(BuildPerformanceReport reports, IClock clock, ILogger<IndexModel> logger) : PageModel
{
    public PerformanceReportDto? Report { get; private set; }
    public string? ChartSvg { get; private set; }
    public string? Error { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";

    public async Task OnGetAsync(string? from, string? to, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to))
        {
            // Default: the last twelve months including this one, in London dates.
            var today = clock.GetCurrentInstant().InZone(reports.Zone).Date;
            var firstOfNext = today.With(DateAdjusters.StartOfMonth).PlusMonths(1);
            from = PerformanceReportDto.Date(firstOfNext.PlusMonths(-12));
            to = PerformanceReportDto.Date(firstOfNext);
        }
        From = from ?? "";
        To = to ?? "";
        if (!ReportPeriods.TryParse(from, to, reports.Zone, out var period, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Report = await reports.BuildAsync(period, ct);
        try
        {
            ChartSvg = TrendChart.Svg(Report.Attendance.ByMonth, Report.Attendance.TargetPercent, Report.Attendance.TargetMinutes);
        }
        catch (Exception e) when (e is TypeInitializationException or InvalidOperationException or DllNotFoundException)
        {
            // Without fonts SkiaSharp cannot draw text; the table below carries the same figures.
            logger.LogWarning(e, "The trend chart could not be drawn");
        }
    }

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "no attended incidents due";

    public static string Share(double? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "–";

    public static string Minutes(double? value) => value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "–";
}
