using NodaTime.Text;
using Safeguard.Domain.Time;

namespace Safeguard.App.Reporting;

public static class ReportPeriods
{
    /// <summary>Reads a period <c>[from, to)</c> of local dates (yyyy-MM-dd) in <paramref name="zone"/> (the policy's).</summary>
    public static bool TryParse(string? from, string? to, NodaTime.DateTimeZone zone, out ReportPeriod period, out string? error)
    {
        period = null!;
        var f = LocalDatePattern.Iso.Parse(from ?? "");
        var t = LocalDatePattern.Iso.Parse(to ?? "");
        if (!f.Success || !t.Success)
        {
            error = "from and to must be dates written yyyy-MM-dd";
            return false;
        }
        var (earliest, latest) = (WallClock.Earliest.InUtc().Date, WallClock.Latest.InUtc().Date);
        if (f.Value < earliest || t.Value > latest)
        {
            error = $"from and to must be dates from {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}";
            return false;
        }
        if (t.Value < f.Value)
        {
            error = "to must not be before from";
            return false;
        }
        period = new ReportPeriod(f.Value, t.Value, zone);
        error = null;
        return true;
    }
}
