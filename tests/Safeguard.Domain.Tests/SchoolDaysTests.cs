using NodaTime;
using Safeguard.Domain.Calendars;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class SchoolDaysTests
{
    [Theory]
    [InlineData(2023, "2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26")]
    [InlineData(2022, "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27")]
    [InlineData(2024, "2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26")]
    [InlineData(2026, "2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28")]
    public void BankHolidays_MatchThePublishedDates(int year, string expected)
    {
        var dates = expected.Split(' ').Select(d => NodaTime.Text.LocalDatePattern.Iso.Parse(d).Value).ToHashSet();
        Assert.Equal(dates.Order(), BankHolidays.EnglandAndWales(year).Order());
    }

    [Fact]
    public void FridayEvening_IsDueMondayMorning_AndBankHolidaysAreSkipped()
    {
        var days = new SchoolDays();
        // Thursday 6 April 2023, 20:00 BST: Good Friday and Easter Monday follow, so 09:00 BST on Tuesday 11 April.
        var at = Instant.FromUtc(2023, 4, 6, 19, 0);
        Assert.Equal(Instant.FromUtc(2023, 4, 11, 8, 0), days.NextSchoolStart(at, WallClock.London));
    }

    [Fact]
    public void EarlyMorningOnASchoolDay_IsDueThatMorning_AndAfterNineTheNextDay()
    {
        var days = new SchoolDays();
        Assert.Equal(Instant.FromUtc(2024, 1, 9, 9, 0), days.NextSchoolStart(Instant.FromUtc(2024, 1, 9, 2, 0), WallClock.London));
        Assert.Equal(Instant.FromUtc(2024, 1, 10, 9, 0), days.NextSchoolStart(Instant.FromUtc(2024, 1, 9, 9, 0), WallClock.London));
    }

    [Fact]
    public void TermDates_CloseTheHolidays()
    {
        var days = new SchoolDays([(new LocalDate(2023, 9, 4), new LocalDate(2023, 10, 20)), (new LocalDate(2023, 10, 30), new LocalDate(2023, 12, 20))]);
        // Saturday 21 October 2023, during half term: school starts again Monday 30 October, 09:00 GMT (after the clocks go back).
        Assert.Equal(Instant.FromUtc(2023, 10, 30, 9, 0), days.NextSchoolStart(Instant.FromUtc(2023, 10, 21, 12, 0), WallClock.London));
    }
}
