using NodaTime;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class WallClockTests
{
    [Theory]
    [InlineData("2023-06-01T12:00:00Z", 2023, 6, 1, 12, 0)]
    [InlineData("2023-06-01T13:00:00+01:00", 2023, 6, 1, 12, 0)]
    [InlineData("2023-06-01T13:00:00+0100", 2023, 6, 1, 12, 0)]
    [InlineData("2023-06-01T13:00:00", 2023, 6, 1, 12, 0)]
    [InlineData("2023-06-01 13:00", 2023, 6, 1, 12, 0)]
    [InlineData("2023-01-15T09:30:00", 2023, 1, 15, 9, 30)]
    [InlineData("2023-06-01T12:00:00.500Z", 2023, 6, 1, 12, 0)]
    public void TryParse_ThreeForms(string text, int y, int mo, int d, int h, int mi)
    {
        Assert.True(WallClock.TryParse(text, WallClock.London, out var instant, out var error), error);
        Assert.Equal(Instant.FromUtc(y, mo, d, h, mi), Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()));
    }

    [Fact]
    public void TryParse_AutumnAmbiguousWallTime_MeansEarlier()
    {
        Assert.True(WallClock.TryParse("2023-10-29T01:30:00", WallClock.London, out var instant, out _));
        Assert.Equal(Instant.FromUtc(2023, 10, 29, 0, 30), instant);
    }

    [Theory]
    // On the night the clocks went back (01:00-02:00 happened twice): a call at 01:50 (summer time, the earlier
    // reading) and a time after it at 01:05 means 01:05 winter time, fifteen minutes later, not a time before the call.
    [InlineData("2023-10-29T01:50:00", "2023-10-29T01:05:00", 15)]
    // A time after the call that fits its earlier reading keeps it: seven minutes, not an hour and seven.
    [InlineData("2023-10-29T01:30:00", "2023-10-29T01:37:00", 7)]
    // A call given with its offset in winter time: the time after it can only be winter time.
    [InlineData("2023-10-29T01:10:00+00:00", "2023-10-29T01:20:00", 10)]
    // The time after it is not ambiguous: read as it is.
    [InlineData("2023-10-29T01:30:00", "2023-10-29T02:10:00", 100)]
    public void TryParse_AmbiguousWallTime_AfterAnother_TakesTheEarliestReadingNotBeforeIt(string first, string then, int minutes)
    {
        Assert.True(WallClock.TryParse(first, WallClock.London, out var start, out _));
        Assert.True(WallClock.TryParse(then, WallClock.London, start, out var after, out var error), error);
        Assert.Equal(Duration.FromMinutes(minutes), after - start);
    }

    [Fact]
    public void TryParse_AmbiguousWallTime_BeforeEitherReading_KeepsTheEarlier_SoTheRowIsRefused()
    {
        // 01:05 read either way is before 01:50 winter time: the earlier reading stands, and the caller refuses the row.
        Assert.True(WallClock.TryParse("2023-10-29T01:50:00+00:00", WallClock.London, out var start, out _));
        Assert.True(WallClock.TryParse("2023-10-29T01:05:00", WallClock.London, start, out var after, out _));
        Assert.Equal(Instant.FromUtc(2023, 10, 29, 0, 5), after);
        Assert.True(after < start);
    }

    [Fact]
    public void TryParse_SpringGapWallTime_IsInvalid()
    {
        Assert.False(WallClock.TryParse("2023-03-26T01:30:00", WallClock.London, out _, out var error));
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2023-02-30T10:00:00")]
    [InlineData("2023-06-01T25:00:00Z")]
    [InlineData("01/06/2023 10:00")]
    public void TryParse_Malformed_IsInvalid(string text) => Assert.False(WallClock.TryParse(text, WallClock.London, out _, out _));

    [Fact]
    public void Period_LondonDates_StartAtLocalMidnight()
    {
        var period = new ReportPeriod(new LocalDate(2023, 6, 1), new LocalDate(2023, 7, 1), WallClock.London);
        Assert.Equal(Instant.FromUtc(2023, 5, 31, 23, 0), period.Start);
        Assert.True(period.Contains(Instant.FromUtc(2023, 5, 31, 23, 0)));
        Assert.False(period.Contains(Instant.FromUtc(2023, 5, 31, 22, 59, 59)));
        Assert.False(period.Contains(Instant.FromUtc(2023, 6, 30, 23, 0)));
        Assert.Equal([new YearMonth(2023, 6)], period.Months());
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("1899-12-31 23:59")]
    public void InstantsOutsideTheYears1900To2199_AreRefusedWithAReason(string text)
    {
        Assert.False(WallClock.TryParse(text, WallClock.London, out _, out var error));
        Assert.Equal("is outside the years 1900 to 2199", error);
        Assert.True(WallClock.TryParse("2199-12-31T23:59:59Z", WallClock.London, out _, out _));
        Assert.True(WallClock.TryParse("1900-01-01T00:00:00Z", WallClock.London, out _, out _));
    }
}
