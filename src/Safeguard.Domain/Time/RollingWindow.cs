using NodaTime;

namespace Safeguard.Domain.Time;

public static class RollingWindow
{
    /// <summary>
    /// The first of <paramref name="instants"/> at which <paramref name="count"/> of them fall within the window ending
    /// there — the half-open (t − window, t] — or null if that never happens.
    /// </summary>
    public static Instant? FirstReached(IEnumerable<Instant> instants, int count, Duration window)
    {
        var sorted = instants.Order().ToList();
        var first = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            while (sorted[first] <= sorted[i] - window) first++;
            if (i - first + 1 >= count) return sorted[i];
        }
        return null;
    }
}
