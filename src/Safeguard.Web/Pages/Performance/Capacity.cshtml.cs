using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Reporting;
using Safeguard.Domain.Clocks;
using Safeguard.Web.Reporting;

namespace Safeguard.Web.Pages.Performance;

/// <summary>
/// Capacity and backlogs: every queue at an instant (now by default), force-wide and by district, flagged when it is not
/// clearing or would take more than a week to clear; and, per queue, a chart of the clocks arriving and completed each
/// day over the last 90 days, with the figures in a table beside it.
/// </summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class CapacityModel(BuildCapacityReport reports, IClock clock, ILogger<CapacityModel> logger) : PageModel, IShowsErrors
{
    public const int ChartDays = 90;

    public CapacityDto? Report { get; private set; }
    public IReadOnlyDictionary<ClockKind, IReadOnlyList<QueueDay>> Daily { get; private set; } = new Dictionary<ClockKind, IReadOnlyList<QueueDay>>();
    public Dictionary<ClockKind, string> Charts { get; } = [];
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? At { get; private set; }
    public string? WindowDays { get; private set; }

    public async Task OnGetAsync(string? at, string? windowDays, CancellationToken ct)
    {
        (At, WindowDays) = (at, windowDays);
        int? window = null;
        if (!string.IsNullOrWhiteSpace(windowDays))
        {
            if (int.TryParse(windowDays, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)) window = w;
            else window = -1;
        }
        try
        {
            var (instant, days) = BuildCapacityReport.Read(at, window, clock.GetCurrentInstant(), reports.Zone);
            Report = await reports.BuildAsync(instant, days, ct);
            Daily = await reports.DailyAsync(instant, ChartDays, ct);
        }
        catch (App.InputException e)
        {
            // The form's own words, saying what to enter (the API's messages name its parameters).
            Errors = e.Errors.ToDictionary(x => x.Key, x => x.Key switch
            {
                "at" => new[] { "Enter the date and time as in 2026-12-01 09:00, or leave it blank for now" },
                "windowDays" => ["Enter a number of days from 1 to " + BuildCapacityReport.MaxWindowDays.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                _ => x.Value,
            });
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        try
        {
            foreach (var (kind, days) in Daily)
                if (days.Any(d => d.Arrivals + d.Completions > 0)) Charts[kind] = CapacityChart.Svg(days);
        }
        catch (Exception e) when (e is TypeInitializationException or InvalidOperationException or DllNotFoundException)
        {
            logger.LogWarning(e, "The capacity charts could not be drawn");
        }
    }

    public static ClockKind KindOf(string queue) => ClockKinds.TryParse(queue, out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(queue), queue, "Not a queue.");

    public static string Hours(double hours) => hours < 48 ? $"{hours:0.0} h" : $"{hours / 24:0.0} days";
}
