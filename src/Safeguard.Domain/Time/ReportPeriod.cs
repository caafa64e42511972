using NodaTime;

namespace Safeguard.Domain.Time;

/// <summary>
/// A report period: local dates <c>[From, To)</c> in <see cref="Zone"/>. An instant belongs to the period
/// when its local date in the zone is on or after <c>From</c> and before <c>To</c>.
/// </summary>
public sealed record ReportPeriod(LocalDate From, LocalDate To, DateTimeZone Zone)
{
    public Instant Start => From.AtStartOfDayInZone(Zone).ToInstant();

    public Instant End => To.AtStartOfDayInZone(Zone).ToInstant();

    public bool Contains(Instant instant) => instant >= Start && instant < End;

    /// <summary>The calendar months the period touches, in order (an empty period has none).</summary>
    public IEnumerable<YearMonth> Months()
    {
        if (To <= From) yield break;
        var month = From.ToYearMonth();
        var last = To.PlusDays(-1).ToYearMonth();
        while (month <= last)
        {
            yield return month;
            month = month.OnDayOfMonth(1).PlusMonths(1).ToYearMonth();
        }
    }

    public YearMonth MonthOf(Instant instant) => instant.InZone(Zone).Date.ToYearMonth();
}
