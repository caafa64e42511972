using NodaTime;
using Safeguard.Domain.Time;

namespace Safeguard.App;

/// <summary>Reading API input the same way everywhere: times in the three forms, blank text as absent.</summary>
public static class Input
{
    /// <summary>A time as files carry them (see <see cref="WallClock"/>); adds a field error and returns null when it is wrong.</summary>
    public static Instant? Time(string? text, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = [$"{field} is required"];
            return null;
        }
        if (WallClock.TryParse(text, WallClock.London, out var instant, out var error)) return instant;
        errors[field] = [$"{field} {error}"];
        return null;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
