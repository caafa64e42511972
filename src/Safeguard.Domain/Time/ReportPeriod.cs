using NodaTime;

namespace Safeguard.Domain.Time;

/// <summary>
/// A report period: local dates <c>[From, To)</c> in <see cref="Zone"/>. An instant belongs to the period
/// when its local date in the zone is on or after <c>From</c> and before <c>To</c>.
/// </summary>
public sealed record ReportPeriod
{
    private readonly Instant[] _monthStarts;
    private readonly YearMonth[] _months;

    public ReportPeriod(LocalDate from, LocalDate to, DateTimeZone zone)
    {
        (From, To, Zone) = (from, to, zone);
        Start = from.AtStartOfDayInZone(zone).ToInstant();
        End = to.AtStartOfDayInZone(zone).ToInstant();
        var months = new List<YearMonth>();
        if (to > from)
        {
            var last = to.PlusDays(-1).ToYearMonth();
            for (var month = from.ToYearMonth(); month <= last; month = month.OnDayOfMonth(1).PlusMonths(1).ToYearMonth())
                months.Add(month);
        }
        _months = [.. months];
        // The instant each month starts within the period (the first starts at the period's start).
        _monthStarts = [.. _months.Select((m, i) => i == 0 ? Start : m.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant())];
    }

    public LocalDate From { get; }
    public LocalDate To { get; }
    public DateTimeZone Zone { get; }

    /// <summary>The first instant of the period: the start of <see cref="From"/> in the zone.</summary>
    public Instant Start { get; }

    /// <summary>The first instant after the period: the start of <see cref="To"/> in the zone.</summary>
    public Instant End { get; }

    public bool Contains(Instant instant) => instant >= Start && instant < End;

    /// <summary>The calendar months the period touches, in order (an empty period has none).</summary>
    public IReadOnlyList<YearMonth> Months() => _months;

    /// <summary>The index in <see cref="Months"/> of the month an instant in the period falls in (by local date).</summary>
    public int MonthIndex(Instant instant)
    {
        if (!Contains(instant)) throw new ArgumentOutOfRangeException(nameof(instant), "The instant is outside the period.");
        var index = Array.BinarySearch(_monthStarts, instant);
        return index >= 0 ? index : ~index - 1;
    }

    public YearMonth MonthOf(Instant instant) => instant.InZone(Zone).Date.ToYearMonth();
}
