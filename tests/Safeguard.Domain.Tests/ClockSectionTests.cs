using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class ClockSectionTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Instant Start = Instant.FromUtc(2024, 3, 10, 9, 0);

    private static ClockEntry Clock(Instant start, Duration target, Instant? stopped = null, Instant? withdrawn = null) =>
        new(ClockKind.ChildSeen, start, target, start + target * 0.75, start + target, stopped, null, withdrawn, null);

    [Fact]
    public void EachClockStartedInThePeriod_CountsOnce_CancelledOnesStayOutOfThePercentage()
    {
        var period = new ReportPeriod(new LocalDate(2024, 3, 1), new LocalDate(2024, 4, 1), London);
        var now = Start + Duration.FromDays(3);
        var builder = new ClockSectionBuilder("child-seen", period, now);
        var day = Duration.FromHours(24);
        builder.Add(Clock(Start, day, stopped: Start + Duration.FromHours(2)), "North");        // within, 120 min
        builder.Add(Clock(Start, day, stopped: Start + Duration.FromHours(30)), "North");       // late, 1800 min
        builder.Add(Clock(Start, day), "South");                                                // not done
        builder.Add(Clock(now - Duration.FromHours(1), day), null);                             // pending
        builder.Add(Clock(Start, day, withdrawn: Start + Duration.FromHours(1)), "South");      // cancelled
        builder.Add(Clock(Instant.FromUtc(2024, 2, 29, 23, 59), day), "North");                  // before the period
        var s = builder.Build();
        Assert.Equal(new ClockFigures(5, 1, 1, 1, 1, 1, 33.3, 960.0), s.Figures);
        Assert.Equal(["North", "South", null], s.ByDistrict.Select(d => d.District));
        Assert.Equal(new ClockFigures(1, 0, 0, 0, 1, 0, null, null), s.ByDistrict[2].Figures);
        Assert.Equal(s.Figures, Assert.Single(s.ByMonth).Figures);
    }
}
