using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Safeguard.Domain.Time;

/// <summary>
/// Reads the instants that command-and-control and backfill files carry: ISO 8601 with <c>Z</c> or an
/// offset, or a wall time without an offset meaning local time in the force's zone.
/// A wall time that occurs twice (autumn) means the earlier reading, or, for a time that must follow another, the
/// earliest reading not before it (<see cref="Resolve"/>); one that does not exist (spring gap) is invalid.
/// </summary>
public static class WallClock
{
    private static readonly OffsetDateTimePattern[] OffsetPatterns =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<+HHmm>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<+HHmm>"),
    ];

    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFF"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
    ];

    /// <summary>
    /// The instants Safeguard accepts: from 1900 to the end of 2199. Anything outside is a typing slip or a probe, and
    /// a clock's target added to it must not overflow.
    /// </summary>
    public static Instant Earliest { get; } = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <inheritdoc cref="Earliest"/>
    public static Instant Latest { get; } = Instant.FromUtc(2200, 1, 1, 0, 0);

    /// <summary>The zone Safeguard uses for calendars and report periods unless configured otherwise.</summary>
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>
    /// Parses <paramref name="text"/> as an instant. A space may stand for the <c>T</c>.
    /// Returns false with a reason that names no personal data.
    /// </summary>
    public static bool TryParse(string text, DateTimeZone zone, out Instant instant, out string? error) =>
        TryParse(text, zone, notBefore: null, out instant, out error);

    /// <summary>
    /// As <see cref="TryParse(string, DateTimeZone, out Instant, out string?)"/>, for a time that must not be before
    /// <paramref name="notBefore"/> (an arrival after its call): a wall time that occurs twice takes the earliest
    /// reading not before it (<see cref="Resolve"/>).
    /// </summary>
    public static bool TryParse(string text, DateTimeZone zone, Instant? notBefore, out Instant instant, out string? error)
    {
        instant = default;
        var value = text.Trim();
        if (value.Length > 10 && value[10] == ' ')
            value = string.Concat(value.AsSpan(0, 10), "T", value.AsSpan(11));
        if (value.Length == 0)
        {
            error = "is empty";
            return false;
        }

        var hasOffset = value.EndsWith('Z') || value.EndsWith('z') || HasNumericOffset(value);
        if (hasOffset)
        {
            value = value.EndsWith('z') ? value[..^1] + "Z" : value;
            foreach (var pattern in OffsetPatterns)
            {
                var result = pattern.Parse(value);
                if (result.Success) return Within(result.Value.ToInstant(), out instant, out error);
            }
            error = "is not an ISO 8601 date and time";
            return false;
        }

        foreach (var pattern in LocalPatterns)
        {
            var result = pattern.Parse(value);
            if (result.Success) return Resolve(result.Value, zone, notBefore, out instant, out error);
        }
        error = "is not an ISO 8601 date and time";
        return false;
    }

    /// <summary>
    /// The instant a wall time in <paramref name="zone"/> means (the contract in DESIGN.md). One that occurs twice (the
    /// autumn change) means the earlier reading, unless that is before <paramref name="notBefore"/> and the later is
    /// not: an arrival seven minutes after a call on that night is seven minutes, not an hour and seven or a false
    /// "before the call". One that does not exist (the spring gap) is invalid.
    /// </summary>
    public static bool Resolve(LocalDateTime local, DateTimeZone zone, Instant? notBefore, out Instant instant, out string? error)
    {
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 0)
        {
            instant = default;
            error = string.Create(CultureInfo.InvariantCulture, $"does not exist in {zone.Id} (the clocks went forward)");
            return false;
        }
        var earlier = mapping.First().ToInstant();
        var later = mapping.Last().ToInstant();
        return Within(notBefore is { } after && earlier < after && later >= after ? later : earlier, out instant, out error);
    }

    /// <summary>An instant inside the years Safeguard accepts (<see cref="Earliest"/>), or false with the reason.</summary>
    public static bool Within(Instant value, out Instant instant, out string? error)
    {
        var inside = value >= Earliest && value < Latest;
        instant = inside ? value : default;
        error = inside ? null : "is outside the years 1900 to 2199";
        return inside;
    }

    private static bool HasNumericOffset(string value)
    {
        // An offset follows the time part: look for + or - after the 'T'.
        var t = value.IndexOf('T', StringComparison.Ordinal);
        if (t < 0) return false;
        return value.IndexOfAny(['+', '-'], t) > 0;
    }
}
