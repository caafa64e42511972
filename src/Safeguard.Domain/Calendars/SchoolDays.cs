using NodaTime;

namespace Safeguard.Domain.Calendars;

/// <summary>
/// School days in England and Wales: weekdays that are not bank holidays and, when term dates are configured, fall
/// within a term (inclusive). Bank holidays follow the statutory pattern with substitute days, plus the one-off
/// changes of recent years; further closures can be added.
/// </summary>
public sealed class SchoolDays(IReadOnlyList<(LocalDate First, LocalDate Last)>? terms = null, IEnumerable<LocalDate>? extraClosures = null)
{
    private static readonly LocalTime SchoolStarts = new(9, 0);
    private readonly HashSet<LocalDate> _closures = [.. extraClosures ?? []];

    public bool IsSchoolDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        && !BankHolidays.EnglandAndWales(date.Year).Contains(date)
        && !_closures.Contains(date)
        && (terms is null || terms.Count == 0 || terms.Any(t => date >= t.First && date <= t.Last));

    /// <summary>
    /// The Operation Encompass deadline for something that happened at <paramref name="at"/>: 09:00 local time on the
    /// first school day whose 09:00 is after it (an incident at 02:00 on a school day is due by 09:00 that morning).
    /// </summary>
    public Instant NextSchoolStart(Instant at, DateTimeZone zone)
    {
        var date = at.InZone(zone).Date;
        for (var i = 0; i < 400; i++, date = date.PlusDays(1))
        {
            if (!IsSchoolDay(date)) continue;
            var start = zone.AtLeniently(date.At(SchoolStarts)).ToInstant();
            if (start > at) return start;
        }
        throw new InvalidOperationException("No school day within 400 days: check the term dates.");
    }
}

public static class BankHolidays
{
    /// <summary>England and Wales bank holidays for a year, substitute days included.</summary>
    public static IReadOnlySet<LocalDate> EnglandAndWales(int year)
    {
        var easter = EasterSunday(year);
        var days = new HashSet<LocalDate>
        {
            easter.PlusDays(-2), // Good Friday
            easter.PlusDays(1), // Easter Monday
            LastMonday(year, 8), // summer
        };
        // Early May: first Monday, moved to 8 May in 2020 (VE Day 75).
        days.Add(year == 2020 ? new LocalDate(2020, 5, 8) : FirstMonday(year, 5));
        // Spring: last Monday of May, moved to 2 June in 2022 (Platinum Jubilee).
        days.Add(year == 2022 ? new LocalDate(2022, 6, 2) : LastMonday(year, 5));
        if (year == 2022) days.Add(new LocalDate(2022, 6, 3)); // Platinum Jubilee
        if (year == 2022) days.Add(new LocalDate(2022, 9, 19)); // State funeral
        if (year == 2023) days.Add(new LocalDate(2023, 5, 8)); // Coronation
        days.Add(Substitute(new LocalDate(year, 1, 1)));
        var christmas = new LocalDate(year, 12, 25);
        var boxing = new LocalDate(year, 12, 26);
        switch (christmas.DayOfWeek)
        {
            case IsoDayOfWeek.Friday: days.Add(christmas); days.Add(new LocalDate(year, 12, 28)); break;
            case IsoDayOfWeek.Saturday: days.Add(new LocalDate(year, 12, 27)); days.Add(new LocalDate(year, 12, 28)); break;
            case IsoDayOfWeek.Sunday: days.Add(new LocalDate(year, 12, 27)); days.Add(boxing); break;
            default: days.Add(christmas); days.Add(boxing); break;
        }
        return days;
    }

    private static LocalDate Substitute(LocalDate day) => day.DayOfWeek switch
    {
        IsoDayOfWeek.Saturday => day.PlusDays(2),
        IsoDayOfWeek.Sunday => day.PlusDays(1),
        _ => day,
    };

    private static LocalDate FirstMonday(int year, int month)
    {
        var d = new LocalDate(year, month, 1);
        while (d.DayOfWeek != IsoDayOfWeek.Monday) d = d.PlusDays(1);
        return d;
    }

    private static LocalDate LastMonday(int year, int month)
    {
        var d = new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1);
        while (d.DayOfWeek != IsoDayOfWeek.Monday) d = d.PlusDays(-1);
        return d;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous algorithm).</summary>
    public static LocalDate EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7, m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}
