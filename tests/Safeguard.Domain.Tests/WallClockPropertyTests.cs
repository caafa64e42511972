using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class WallClockPropertyTests
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    /// <summary>Instants within six hours either side of the 2023 spring (26 March 01:00Z) and autumn (29 October 01:00Z) changes.</summary>
    private static Gen<Instant> AroundChanges() =>
        from change in Gen.Elements(Instant.FromUtc(2023, 3, 26, 1, 0), Instant.FromUtc(2023, 10, 29, 1, 0))
        from seconds in Gen.Choose(-6 * 3600, 6 * 3600)
        select change + Duration.FromSeconds(seconds);

    [Fact]
    public void LondonWallTime_MeansTheEarlierInstant_AroundBothChanges()
    {
        Prop.ForAll(AroundChanges().ToArbitrary(), instant =>
        {
            var wall = Local.Format(instant.InZone(WallClock.London).LocalDateTime);
            Assert.True(WallClock.TryParse(wall, WallClock.London, out var parsed, out var error), error);
            var earlier = WallClock.London.MapLocal(instant.InZone(WallClock.London).LocalDateTime).First().ToInstant();
            return parsed == earlier && (parsed == instant || parsed == instant - Duration.FromHours(1));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ElapsedBetweenOffsetTimes_IsRealTime_AroundBothChanges()
    {
        var gen = from a in AroundChanges() from b in AroundChanges() select (a, b);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (a, b) = (t.a, t.b);
            var start = a.InZone(WallClock.London).ToOffsetDateTime().ToString("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>", CultureInfo.InvariantCulture);
            var stop = b.InZone(WallClock.London).ToOffsetDateTime().ToString("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>", CultureInfo.InvariantCulture);
            Assert.True(WallClock.TryParse(start, WallClock.London, out var s, out _));
            Assert.True(WallClock.TryParse(stop, WallClock.London, out var e, out _));
            var clock = new Clock(ClockKind.Attendance, s, Duration.FromMinutes(60), 0.75, Stop: e >= s ? e : null);
            return e - s == b - a
                && (e < s || clock.Evaluate(e) == (b - a <= Duration.FromMinutes(60) ? ClockState.Met : ClockState.MetLate));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Domain_ReferencesNodaTimeOnly()
    {
        var references = typeof(Clock).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name == "NodaTime" || name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
