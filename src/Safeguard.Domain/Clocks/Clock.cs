using NodaTime;

namespace Safeguard.Domain.Clocks;

public enum ClockKind
{
    /// <summary>An officer attends a graded incident.</summary>
    Attendance,
    /// <summary>An officer attends a missing-child report to take the report and assess risk.</summary>
    MissingAttendance,
    /// <summary>The next review of the risk while a child is missing; each review resets it.</summary>
    MissingReview,
    /// <summary>The prevention interview (safe and well check) after a missing child is found.</summary>
    PreventionInterview,
    /// <summary>The local authority offers a return home interview after a missing child is found.</summary>
    ReturnInterview,
    /// <summary>An officer submits a public protection notice after the concern arises.</summary>
    NoticeSubmission,
    /// <summary>The MASH reviews a submitted notice.</summary>
    MashReview,
    /// <summary>A red or amber notice is shared with the agencies decided.</summary>
    PartnerSharing,
    /// <summary>A child involved in an incident is seen and spoken to.</summary>
    ChildSeen,
    /// <summary>Operation Encompass: the school of a child in a domestic-abuse incident is told before the next school day.</summary>
    Encompass,
    /// <summary>A child-involved incident owes a public protection notice (or a supervisor's reason why none is needed).</summary>
    NoticeDue,
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
    /// <summary>Stopped for a while (only kinds whose policy allows it); the time paused does not count.</summary>
    Paused,
}

/// <summary>
/// A pause of a clock from <see cref="From"/> until <see cref="Until"/> (null while it lasts), with why and by whom.
/// The interval is half-open: paused time is [From, Until).
/// </summary>
public sealed record ClockPause(Instant From, Instant? Until, string Reason, string Author);

public static class ClockKinds
{
    /// <summary>
    /// Whether a kind of clock may be paused. Attendance never: a child is owed attendance however long it takes.
    /// Every new kind must decide (the compiler insists).
    /// </summary>
    public static bool AllowsPause(ClockKind kind) => kind switch
    {
        ClockKind.Attendance => false,
        ClockKind.MissingAttendance => false,
        ClockKind.MissingReview => false,
        ClockKind.PreventionInterview => false,
        ClockKind.ReturnInterview => false,
        ClockKind.NoticeSubmission => false,
        ClockKind.MashReview => false,
        ClockKind.PartnerSharing => false,
        ClockKind.ChildSeen => false,
        ClockKind.Encompass => false,
        ClockKind.NoticeDue => false,
    };

    /// <summary>What the clock is for, in words for people.</summary>
    public static string Title(this ClockKind kind) => kind switch
    {
        ClockKind.Attendance => "Attendance",
        ClockKind.ChildSeen => "Child seen and spoken to",
        ClockKind.NoticeSubmission => "Notice submission",
        ClockKind.MashReview => "MASH review",
        ClockKind.PartnerSharing => "Sharing with partners",
        ClockKind.Encompass => "School told (Operation Encompass)",
        ClockKind.MissingAttendance => "Missing report attendance",
        ClockKind.MissingReview => "Missing risk review",
        ClockKind.PreventionInterview => "Prevention interview",
        ClockKind.ReturnInterview => "Return home interview offered",
        ClockKind.NoticeDue => "Public protection notice",
    };

    public static string Name(this ClockKind kind) => kind switch
    {
        ClockKind.Attendance => "attendance",
        ClockKind.MissingAttendance => "missing-attendance",
        ClockKind.MissingReview => "missing-review",
        ClockKind.PreventionInterview => "prevention-interview",
        ClockKind.ReturnInterview => "return-interview",
        ClockKind.NoticeSubmission => "ppn-submission",
        ClockKind.MashReview => "mash-review",
        ClockKind.PartnerSharing => "partner-sharing",
        ClockKind.ChildSeen => "child-seen",
        ClockKind.Encompass => "encompass",
        ClockKind.NoticeDue => "ppn-due",
    };

    /// <summary>The kind a name (<see cref="Name"/>) stands for; false for any other text.</summary>
    public static bool TryParse(string? name, out ClockKind kind)
    {
        foreach (var k in Enum.GetValues<ClockKind>())
        {
            if (k.Name() != name) continue;
            kind = k;
            return true;
        }
        kind = default;
        return false;
    }
}

/// <summary>
/// One obligation: it starts at <see cref="Start"/> and must be stopped within <see cref="Target"/>.
/// The target interval is closed at its end: a stop at exactly <c>Start + Target</c> meets it, and the clock
/// is breached only once "now" is strictly after <see cref="Due"/>. Elapsed time is measured between instants,
/// so a clock that spans a change of the clocks is right. Every property is derived from the inputs; nothing
/// is stored independently of the events that produced them. A clock with a target that is not positive, or a warning
/// fraction outside (0, 1], cannot be built.
/// </summary>
public sealed record Clock
{
    /// <param name="Kind">What is owed.</param>
    /// <param name="Start">The instant the obligation began (for attendance: the incident's creation).</param>
    /// <param name="Target">How long the force has, a positive duration.</param>
    /// <param name="WarningFraction">The share of the target after which the clock warns, in (0, 1].</param>
    /// <param name="Stop">The instant it was met (for attendance: the first arrival), if it has been.</param>
    /// <param name="Ended">The instant the subject ended without the obligation being met (closure, a child found), if it did:
    /// cancelled when that was in time, breached (never met) when it was after the due instant.</param>
    /// <param name="Withdrawn">The instant someone with the authority recorded that the obligation is not needed (a
    /// supervisor's reason why no notice is needed): cancelled from then on, whenever it was.</param>
    /// <param name="Pauses">Pauses in order, none overlapping (only for kinds that allow them); paused time does not count.</param>
    public Clock(ClockKind Kind, Instant Start, Duration Target, double WarningFraction, Instant? Stop = null, Instant? Ended = null,
        IReadOnlyList<ClockPause>? Pauses = null, Instant? Withdrawn = null)
    {
        (this.Kind, this.Start, this.Target, this.WarningFraction, this.Stop, this.Ended, this.Pauses, this.Withdrawn) =
            (Kind, Start, Target, WarningFraction, Stop, Ended, Pauses, Withdrawn);
    }

    private readonly Duration _target;
    private readonly double _warningFraction;

    public ClockKind Kind { get; init; }
    public Instant Start { get; init; }

    public Duration Target
    {
        get => _target;
        init => _target = value > Duration.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Target), value, "A clock's target must be a positive duration.");
    }

    public double WarningFraction
    {
        get => _warningFraction;
        init => _warningFraction = value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(WarningFraction), value, "A clock's warning fraction must be greater than 0 and at most 1.");
    }

    public Instant? Stop { get; init; }
    public Instant? Ended { get; init; }
    public IReadOnlyList<ClockPause>? Pauses { get; init; }
    public Instant? Withdrawn { get; init; }

    private Duration WarningAfter => Duration.FromTicks((long)Math.Round(Target.BclCompatibleTicks * WarningFraction));

    /// <summary>The due instant, moved on by every finished pause; while a pause lasts, see <see cref="DueAsOf"/>.</summary>
    public Instant Due => Start + Target + Paused(Instant.MaxValue, closedOnly: true);

    /// <summary>The warning instant, moved on by finished pauses like <see cref="Due"/>.</summary>
    public Instant WarningAt => Start + WarningAfter + Paused(Instant.MaxValue, closedOnly: true);

    /// <summary>The due instant as it stands at <paramref name="now"/>, counting a pause that lasts until then.</summary>
    public Instant DueAsOf(Instant now) => Start + Target + Paused(now);

    /// <summary>Time paused before <paramref name="at"/>.</summary>
    public Duration Paused(Instant at, bool closedOnly = false)
    {
        var total = Duration.Zero;
        foreach (var pause in Pauses ?? [])
        {
            if (pause.Until is null && closedOnly) continue;
            var from = pause.From < Start ? Start : pause.From;
            var until = pause.Until is { } u && u < at ? u : at;
            if (until > from) total += until - from;
        }
        return total;
    }

    /// <summary>Time that counts towards the target between the start and <paramref name="at"/>.</summary>
    public Duration Elapsed(Instant at) => at - Start - Paused(at);

    public bool IsPausedAt(Instant at) => (Pauses ?? []).Any(p => p.From <= at && (p.Until is null || at < p.Until));

    /// <summary>The stop that counts: none when the obligation was withdrawn before it was met.</summary>
    private Instant? EffectiveStop => Stop is { } stop && !(Withdrawn is { } w && w < stop) ? stop : null;

    /// <summary>The state at <paramref name="now"/>. Events after <paramref name="now"/> are not yet known, so they are ignored.</summary>
    public ClockState Evaluate(Instant now)
    {
        if (EffectiveStop is { } stop && stop <= now)
            return Elapsed(stop) <= Target ? ClockState.Met : ClockState.MetLate;
        if (Withdrawn is { } withdrawn && withdrawn <= now)
            return ClockState.Cancelled;
        if (Ended is { } ended && ended <= now && Elapsed(ended) <= Target)
            return ClockState.Cancelled;
        var elapsed = Elapsed(now);
        if (elapsed > Target) return ClockState.Breached;
        if (IsPausedAt(now)) return ClockState.Paused;
        return elapsed >= WarningAfter ? ClockState.Warning : ClockState.Running;
    }

    /// <summary>Time left until due at <paramref name="now"/> (negative once overdue).</summary>
    public Duration Remaining(Instant now) => Target - Elapsed(now);

    /// <summary>The clock as the ledger keeps it: the instants that decide its state (see <see cref="ClockEntry"/>).</summary>
    public ClockEntry Entry() => new(Kind, Start, Target, WarningAt, Due, EffectiveStop, Ended, EffectiveStop is null ? Withdrawn : null,
        (Pauses ?? []).FirstOrDefault(p => p.Until is null)?.From);
}
