using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App.Reporting;
using Safeguard.Web.Access;
using Safeguard.Web.Reporting;

namespace Safeguard.Web.Pages.Performance;

[Authorize(Policy = Policies.ReadPerformance)]
public sealed class IndexModel(BuildPerformanceReport reports, IClock clock, ILogger<IndexModel> logger) : FormPage
{
    public PerformanceReportDto? Report { get; private set; }
    public string? ChartSvg { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";

    /// <summary>The period's first day, as the form asks it (GOV.UK date input).</summary>
    [BindProperty(SupportsGet = true, Name = "first")] public When First { get; set; } = new();

    /// <summary>The period's last day, as the form asks it: the report's <c>to</c> is the day after it.</summary>
    [BindProperty(SupportsGet = true, Name = "last")] public When Last { get; set; } = new();

    /// <summary>
    /// The report for <paramref name="from"/> up to <paramref name="to"/> (the address every link and the API share);
    /// the form's first and last day are checked in plain words and turned into that address.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string? from, string? to, CancellationToken ct)
    {
        if (!First.IsEmpty || !Last.IsEmpty)
        {
            var errors = new Dictionary<string, string[]>();
            var (first, last) = When.ReadDays(First, "first", Last, "last", errors, required: true);
            if (errors.Count == 0)
                return Redirect($"/Performance?from={PerformanceReportDto.Date(first!.Value)}&to={PerformanceReportDto.Date(last!.Value.PlusDays(1))}");
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await ShowAsync(from, to, ct);
        return Page();
    }

    private async Task ShowAsync(string? from, string? to, CancellationToken ct)
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
            Errors = new Dictionary<string, string[]> { ["first"] = [error ?? "The period cannot be read"] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        // The form shows the period asked: its first day and its last (the day before "to").
        First = When.OfDate(period.From);
        Last = When.OfDate(period.To.PlusDays(-1));
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
