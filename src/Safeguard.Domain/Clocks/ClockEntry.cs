using NodaTime;

namespace Safeguard.Domain.Clocks;

/// <summary>
/// A clock as the ledger keeps it: not its inputs but the instants that decide its state. <see cref="Due"/> and
/// <see cref="WarningAt"/> already include finished pauses; <see cref="PausedSince"/> is the start of a pause that
/// still lasts. <see cref="StateAt"/> equals <see cref="Clock.Evaluate"/> of the clock it was made from at every instant
/// at or after the clock's last pause change (for a clock that was never paused: at every instant).
/// </summary>
/// <param name="Kind">What is owed.</param>
/// <param name="Start">When the obligation began.</param>
/// <param name="Target">How long the force had (for display: the instants decide).</param>
/// <param name="WarningAt">When it warns, finished pauses included.</param>
/// <param name="Due">When it is due, finished pauses included; a stop at exactly this instant is in time.</param>
/// <param name="StoppedAt">When it was met; null when it was not, or was withdrawn first.</param>
/// <param name="EndedAt">When its subject ended without it being met (cancelled if in time, else never met).</param>
/// <param name="WithdrawnAt">When it was recorded as not needed (cancelled from then on).</param>
/// <param name="PausedSince">The start of a pause that still lasts.</param>
public sealed record ClockEntry(ClockKind Kind, Instant Start, Duration Target, Instant WarningAt, Instant Due, Instant? StoppedAt = null, Instant? EndedAt = null,
    Instant? WithdrawnAt = null, Instant? PausedSince = null)
{
    /// <summary>The due instant as it stands at <paramref name="at"/>: a pause that lasts moves it on.</summary>
    public Instant DueAsOf(Instant at) => PausedSince is { } p && p <= at ? Due + (at - p) : Due;

    private Instant WarningAsOf(Instant at) => PausedSince is { } p && p <= at ? WarningAt + (at - p) : WarningAt;

    /// <summary>The state at <paramref name="now"/>; what happened after <paramref name="now"/> is not yet known.</summary>
    public ClockState StateAt(Instant now)
    {
        if (StoppedAt is { } stop && stop <= now) return stop <= DueAsOf(stop) ? ClockState.Met : ClockState.MetLate;
        if (WithdrawnAt is { } withdrawn && withdrawn <= now) return ClockState.Cancelled;
        if (EndedAt is { } ended && ended <= now && ended <= DueAsOf(ended)) return ClockState.Cancelled;
        if (now > DueAsOf(now)) return ClockState.Breached;
        if (PausedSince is { } p && p <= now) return ClockState.Paused;
        return now >= WarningAsOf(now) ? ClockState.Warning : ClockState.Running;
    }

    /// <summary>When the clock stopped running for good — met, withdrawn or its subject ended — or null while it runs.</summary>
    public Instant? ClosedAt => new[] { StoppedAt, WithdrawnAt, EndedAt }.Where(i => i is not null).Min();

    /// <summary>True when the clock had not been stopped, withdrawn or ended by <paramref name="at"/>.</summary>
    public bool OpenAt(Instant at) => ClosedAt is not { } closed || closed > at;

    /// <summary>The state it settled in (met, met late, cancelled, or breached: never met), or null while it runs.</summary>
    public ClockState? Settled => ClosedAt is { } closed ? StateAt(closed) : null;

    /// <summary>Time left until due at <paramref name="now"/>; negative once overdue.</summary>
    public Duration Remaining(Instant now) => DueAsOf(now) - now;
}

/// <summary>The one colour of each clock state, for every page, board, notification and export.</summary>
public enum ClockColour
{
    Blue,
    Orange,
    Red,
    Green,
    Yellow,
    Grey,
    Purple,
}

/// <summary>
/// The one vocabulary of clock states: the name the API and files use, the words people read, and the colour. No page,
/// board, email or export has a copy of its own. Done late is never green.
/// </summary>
public static class ClockStates
{
    public static string Name(ClockState state) => state switch
    {
        ClockState.Running => "running",
        ClockState.Warning => "warning",
        ClockState.Breached => "breached",
        ClockState.Met => "met",
        ClockState.MetLate => "met-late",
        ClockState.Cancelled => "cancelled",
        ClockState.Paused => "paused",
    };

    public static bool TryParse(string? name, out ClockState state)
    {
        foreach (var s in Enum.GetValues<ClockState>())
        {
            if (Name(s) != name) continue;
            state = s;
            return true;
        }
        state = default;
        return false;
    }

    /// <summary>
    /// The words for a state. A breached clock whose subject has ended without it being met reads "Not done" rather
    /// than "Overdue": nothing can be done about it any more, but it was never done.
    /// </summary>
    public static string Words(ClockState state, bool closed = false) => state switch
    {
        ClockState.Running => "On time",
        ClockState.Warning => "Due soon",
        ClockState.Breached => closed ? "Not done" : "Overdue",
        ClockState.Met => "Done in time",
        ClockState.MetLate => "Done late",
        ClockState.Cancelled => "Cancelled",
        ClockState.Paused => "Paused",
    };

    public static ClockColour Colour(ClockState state) => state switch
    {
        ClockState.Running => ClockColour.Blue,
        ClockState.Warning => ClockColour.Orange,
        ClockState.Breached => ClockColour.Red,
        ClockState.Met => ClockColour.Green,
        ClockState.MetLate => ClockColour.Yellow,
        ClockState.Cancelled => ClockColour.Grey,
        ClockState.Paused => ClockColour.Purple,
    };

    /// <summary>True for the states of a clock that is still running.</summary>
    public static bool IsRunning(ClockState state) => state is ClockState.Running or ClockState.Warning or ClockState.Breached or ClockState.Paused;

    /// <summary>"45 min left", "2 h 05 min left", "overdue by 3 d 4 h": how a running clock stands, in words.</summary>
    public static string TimeLeft(Duration remaining)
    {
        var overdue = remaining < Duration.Zero;
        var text = Span(overdue ? -remaining : remaining);
        return overdue ? "overdue by " + text : text + " left";
    }

    /// <summary>
    /// A target or window in words for a sentence: "15 minutes", "60 minutes", "24 hours", "90 days"; the largest unit
    /// that measures it whole (minutes up to two hours, so an hour's target reads as the 60 minutes it is measured in).
    /// </summary>
    public static string Length(Duration d)
    {
        static string Plural(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
        if (d >= Duration.FromDays(2) && d.Hours == 0 && d.Minutes == 0) return Plural(d.Days, "day");
        if (d > Duration.FromHours(2) && d.Minutes == 0 && d.Seconds == 0) return Plural((long)d.TotalHours, "hour");
        if (d.Seconds == 0) return Plural((long)d.TotalMinutes, "minute");
        return Span(d);
    }

    /// <summary>
    /// A length of time in the largest two units that matter: "3 d 4 h" (from two days), "30 h", "2 h 05 min", "12 min",
    /// "40 s"; a zero second unit is left out ("24 h", "3 d").
    /// </summary>
    public static string Span(Duration d)
    {
        if (d >= Duration.FromDays(2)) return d.Hours == 0 ? $"{d.Days} d" : $"{d.Days} d {d.Hours} h";
        if (d >= Duration.FromHours(1)) return d.Minutes == 0 ? $"{(int)d.TotalHours} h" : $"{(int)d.TotalHours} h {d.Minutes:D2} min";
        if (d >= Duration.FromMinutes(1)) return $"{d.Minutes} min";
        return $"{d.Seconds} s";
    }
}
