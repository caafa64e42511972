using System.Globalization;
using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Web.Pages;

/// <summary>How pages show instants: local time in the policy's zone ("1 Feb 2024 12:00"), the one place that formats them.</summary>
public sealed class TimeDisplay(SafeguardPolicy policy)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public DateTimeZone Zone => policy.Zone;

    public string Local(Instant? instant) => instant is { } i ? i.InZone(policy.Zone).ToString("d MMM yyyy HH:mm", English) : "–";

    /// <summary>A local date and time as a form takes it back (<c>yyyy-MM-dd HH:mm</c>, read as local time).</summary>
    public string Input(Instant instant) => instant.InZone(policy.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A date as pages show it ("1 Feb 2024").</summary>
    public string Date(LocalDate? date) => date is { } d ? d.ToString("d MMM yyyy", English) : "–";

    /// <summary>A time of today as a clock shows it ("07:41"); an earlier day's with its date ("1 Feb 07:41").</summary>
    public string Clock(Instant instant, Instant now)
    {
        var local = instant.InZone(policy.Zone);
        return local.Date == Today(now) ? local.ToString("HH:mm", English) : local.ToString("d MMM HH:mm", English);
    }

    public LocalDate Today(Instant now) => now.InZone(policy.Zone).Date;
}
