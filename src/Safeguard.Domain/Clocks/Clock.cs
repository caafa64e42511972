using NodaTime;

namespace Safeguard.Domain.Clocks;

public enum ClockKind
{
    Attendance,
}

public enum ClockState
{
    /// <summary>Not stopped; before the warning instant.</summary>
    Running,
    /// <summary>Not stopped; at or after the warning instant, not after the due instant.</summary>
    Warning,
    /// <summary>Not stopped and the due instant has passed.</summary>
    Breached,
    /// <summary>Stopped at or before the due instant.</summary>
    Met,
    /// <summary>Stopped after the due instant.</summary>
    MetLate,
    /// <summary>The obligation ended without being met (e.g. the incident closed with no arrival) before it was due.</summary>
    Cancelled,
}

/// <summary>
/// One obligation: it starts at <see cref="Start"/> and must be stopped within <see cref="Target"/>.
/// The target interval is closed at its end: a stop at exactly <c>Start + Target</c> meets it, and the clock
/// is breached only once "now" is strictly after <see cref="Due"/>. Elapsed time is measured between instants,
/// so a clock that spans a change of the clocks is right. Every property is derived from the inputs; nothing
/// is stored independently of the events that produced them.
/// </summary>
/// <param name="Kind">What is owed.</param>
/// <param name="Start">The instant the obligation began (for attendance: the incident's creation).</param>
/// <param name="Target">How long the force has, a positive duration.</param>
/// <param name="WarningFraction">The share of the target after which the clock warns, in (0, 1].</param>
/// <param name="Stop">The instant it was met (for attendance: the first arrival), if it has been.</param>
/// <param name="Ended">The instant the subject ended without the obligation being met (closure), if it did.</param>
public sealed record Clock(ClockKind Kind, Instant Start, Duration Target, double WarningFraction, Instant? Stop = null, Instant? Ended = null)
{
    public Instant Due => Start + Target;

    public Instant WarningAt => Start + Duration.FromTicks((long)Math.Round(Target.BclCompatibleTicks * WarningFraction));

    /// <summary>The state at <paramref name="now"/>. Events after <paramref name="now"/> are not yet known, so they are ignored.</summary>
    public ClockState Evaluate(Instant now)
    {
        if (Stop is { } stop && stop <= now)
            return stop <= Due ? ClockState.Met : ClockState.MetLate;
        if (Ended is { } ended && ended <= now && ended <= Due)
            return ClockState.Cancelled;
        if (now > Due) return ClockState.Breached;
        return now >= WarningAt ? ClockState.Warning : ClockState.Running;
    }

    /// <summary>Time left until due at <paramref name="now"/> (negative once overdue).</summary>
    public Duration Remaining(Instant now) => Due - now;
}
