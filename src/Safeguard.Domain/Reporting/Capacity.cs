using NodaTime;

namespace Safeguard.Domain.Reporting;

/// <summary>How long the open clocks of a queue have been running: under a day, one to three, three to seven, seven or more.</summary>
public sealed record QueueAges(int Under1d, int From1To3d, int From3To7d, int Over7d);

/// <summary>
/// One queue at an instant: its open clocks (started, not stopped), those past due, the oldest's age and the ages,
/// clocks arriving and completed per day over the window before the instant, and how many days the queue would take to
/// clear at that pace — null when completions do not exceed arrivals (it is not clearing).
/// </summary>
public sealed record QueueCapacity(string Queue, string? Team, int Open, int Overdue, double OldestHours, QueueAges Ages, double ArrivalsPerDay,
    double CompletionsPerDay, double? ForecastDaysToClear)
{
    /// <summary>A queue with clocks open is flagged when it is not clearing, or would take longer than this to clear.</summary>
    public const double SlowDays = 7;

    public bool Flagged => FlagWords is not null;

    public string? FlagWords => Flag(Open, ForecastDaysToClear);

    /// <summary>A queue's flag in words, or null when it is keeping up (or has nothing open).</summary>
    public static string? Flag(int open, double? forecastDaysToClear) =>
        open == 0 || forecastDaysToClear <= SlowDays ? null
        : forecastDaysToClear is null ? "Not clearing"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Slow to clear: {forecastDaysToClear:0.#} days");
}

/// <summary>The figures of one queue, from its open clocks and the clocks started and stopped in the window.</summary>
public static class Capacity
{
    public static QueueCapacity Measure(string queue, string? team, IReadOnlyCollection<(Instant Start, bool Overdue)> open, int arrivals, int completions,
        Instant at, int windowDays)
    {
        if (windowDays < 1) throw new ArgumentOutOfRangeException(nameof(windowDays), "The window is at least one day.");
        int under1 = 0, under3 = 0, under7 = 0, over7 = 0;
        var oldest = Duration.Zero;
        foreach (var (start, _) in open)
        {
            var age = at - start;
            if (age > oldest) oldest = age;
            if (age < Duration.FromDays(1)) under1++;
            else if (age < Duration.FromDays(3)) under3++;
            else if (age < Duration.FromDays(7)) under7++;
            else over7++;
        }
        double? forecast = completions > arrivals ? Math.Round(open.Count * (double)windowDays / (completions - arrivals), 1, MidpointRounding.AwayFromZero) : null;
        return new QueueCapacity(queue, team, open.Count, open.Count(o => o.Overdue), Math.Round(oldest.TotalHours, 1, MidpointRounding.AwayFromZero),
            new QueueAges(under1, under3, under7, over7), PerDay(arrivals, windowDays), PerDay(completions, windowDays), forecast);
    }

    private static double PerDay(int count, int windowDays) => Math.Round(count / (double)windowDays, 2, MidpointRounding.AwayFromZero);
}
