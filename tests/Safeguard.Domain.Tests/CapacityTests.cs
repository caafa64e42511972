using NodaTime;
using Safeguard.Domain.Reporting;

namespace Safeguard.Domain.Tests;

public class CapacityTests
{
    private static readonly Instant At = Instant.FromUtc(2024, 3, 1, 12, 0);

    [Fact]
    public void Ages_FallOnTheirBoundaries_ADayIsOneToThree_SevenDaysIsSevenOrMore()
    {
        (Instant, bool)[] open = [(At - Duration.FromHours(23.99), false), (At - Duration.FromDays(1), false), (At - Duration.FromDays(3), true), (At - Duration.FromDays(7), true)];
        var q = Capacity.Measure("attendance", null, open, 0, 0, At, 28);
        Assert.Equal(new QueueAges(1, 1, 1, 1), q.Ages);
        Assert.Equal(2, q.Overdue);
        Assert.Equal(168.0, q.OldestHours);
    }

    [Fact]
    public void TheForecast_IsNullUnlessCompletionsExceedArrivals_AndTheFlagNeedsSomethingOpen()
    {
        (Instant, bool)[] two = [(At, false), (At, false)];
        Assert.Null(Capacity.Measure("q", null, two, 10, 10, At, 28).ForecastDaysToClear);
        Assert.True(Capacity.Measure("q", null, two, 10, 10, At, 28).Flagged);
        var clearing = Capacity.Measure("q", null, two, 10, 13, At, 28); // 2 × 28 / 3 = 18.67
        Assert.Equal(18.7, clearing.ForecastDaysToClear);
        Assert.True(clearing.Flagged);
        Assert.Equal("Slow to clear: 18.7 days", clearing.FlagWords);
        var fast = Capacity.Measure("q", null, two, 0, 28, At, 28); // 2 days
        Assert.Equal(2.0, fast.ForecastDaysToClear);
        Assert.False(fast.Flagged);
        Assert.False(Capacity.Measure("q", null, [], 5, 0, At, 28).Flagged); // nothing open: nothing to clear
        Assert.Equal(0.18, Capacity.Measure("q", null, [], 5, 0, At, 28).ArrivalsPerDay);
        Assert.Equal(0.13, Capacity.Measure("q", null, [], 0, 1, At, 8).CompletionsPerDay); // 0.125 rounds up
    }
}
