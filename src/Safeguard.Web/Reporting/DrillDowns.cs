using NodaTime;
using NodaTime.Text;
using Safeguard.App.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Web.Reporting;

/// <summary>What a drill-down (the rows behind a figure) is asked for: the period and, optionally, one month of it.</summary>
public static class DrillDowns
{
    /// <summary>The period and month as the drill-down's address gives them, or null with the errors by field.</summary>
    public static (ReportPeriod Period, YearMonth? Month)? Read(string? from, string? to, string? month, DateTimeZone zone, IDictionary<string, string[]> errors)
    {
        YearMonth? ym = null;
        if (!string.IsNullOrEmpty(month))
        {
            var parsed = YearMonthPattern.Iso.Parse(month);
            if (parsed.Success) ym = parsed.Value;
            else errors["month"] = ["month must be written yyyy-MM"];
        }
        if (!ReportPeriods.TryParse(from, to, zone, out var period, out var error)) errors["period"] = [error!];
        return errors.Count == 0 ? (period, ym) : null;
    }
}
