using NodaTime;

namespace Safeguard.Domain.Clocks;

/// <summary>What moment of a clock an escalation step hangs on.</summary>
public enum EscalationTrigger
{
    /// <summary>The clock's warning instant.</summary>
    Warning,
    /// <summary>The first instant the clock is breached: just after its due instant (a stop at exactly due meets it).</summary>
    Breach,
}

/// <summary>
/// One step of an escalation chain: when <see cref="Trigger"/> (plus <see cref="After"/>) is reached and the clock is
/// still open, <see cref="Recipient"/> (a team or role) is told. <see cref="Name"/> is unique within a chain and is the
/// key that makes each step fire once.
/// </summary>
public sealed record EscalationStep(string Name, EscalationTrigger Trigger, Duration After, string Recipient);

/// <summary>An ordered escalation chain for one kind of clock.</summary>
public sealed record EscalationPolicy(IReadOnlyList<EscalationStep> Steps)
{
    /// <summary>Attendance: warn the control room; on breach the duty inspector; 30 minutes on, the superintendent.</summary>
    public static EscalationPolicy DefaultAttendance { get; } = new(
    [
        new EscalationStep("warning", EscalationTrigger.Warning, Duration.Zero, "control-room"),
        new EscalationStep("breach", EscalationTrigger.Breach, Duration.Zero, "duty-inspector"),
        new EscalationStep("breach+30m", EscalationTrigger.Breach, Duration.FromMinutes(30), "superintendent"),
    ]);

    /// <summary>Lists what is wrong with the chain; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Steps.Count)
            problems.Add("Escalation step names must be unique");
        if (Steps.Any(s => string.IsNullOrWhiteSpace(s.Name) || s.Name.Contains(',', StringComparison.Ordinal) || s.Name.Contains(':', StringComparison.Ordinal)
                || string.IsNullOrWhiteSpace(s.Recipient) || s.After < Duration.Zero))
            problems.Add("Each escalation step needs a name without commas or colons, a recipient and a delay of zero or more");
        return problems;
    }

    public static Instant FireAt(EscalationStep step, ClockEntry clock) => step.Trigger switch
    {
        EscalationTrigger.Warning => clock.WarningAt + step.After,
        EscalationTrigger.Breach => clock.Due + Duration.Epsilon + step.After,
    };

    /// <summary>
    /// Whether a step due at <paramref name="at"/> may fire at <paramref name="now"/>. The clock must have been open at
    /// <paramref name="at"/>. A step that came due after Safeguard learned of the clock (<paramref name="knownSince"/>)
    /// fires even if it is late (after a restart). The steps already past when the clock became known (a late entry or
    /// a backfill) are judged as one chain (ADR 0011): while the clock is still open, all of them fire, in order, if it
    /// was due no more than <paramref name="catchUp"/> before Safeguard learned of it — a live problem, so everyone in
    /// the chain is told once — and none of them if it was due longer ago: that is history, which raises no alarms.
    /// </summary>
    public static bool CanFire(ClockEntry clock, Instant at, Instant knownSince, Instant now, Duration catchUp) =>
        clock.OpenAt(at) && (at >= knownSince || (clock.OpenAt(now) && knownSince - clock.Due <= catchUp));

    /// <summary>The steps due at <paramref name="now"/>, not yet <paramref name="fired"/>, in the order they came due.</summary>
    public IReadOnlyList<(EscalationStep Step, Instant At)> Due(ClockEntry clock, IReadOnlySet<string> fired, Instant knownSince, Instant now, Duration catchUp) =>
        [.. Steps.Where(s => !fired.Contains(s.Name))
            .Select(s => (Step: s, At: FireAt(s, clock)))
            .Where(s => s.At <= now && CanFire(clock, s.At, knownSince, now, catchUp))
            .OrderBy(s => s.At)];

    /// <summary>
    /// The next instant a step of this chain can fire, judged at <paramref name="now"/>; null when none can any more.
    /// Consistent with <see cref="Due"/>: a step at or before <paramref name="now"/> that is not due never will be.
    /// </summary>
    public Instant? Next(ClockEntry clock, IReadOnlySet<string> fired, Instant knownSince, Instant now, Duration catchUp)
    {
        Instant? next = null;
        foreach (var step in Steps)
        {
            if (fired.Contains(step.Name)) continue;
            var at = FireAt(step, clock);
            if (at <= now ? !CanFire(clock, at, knownSince, now, catchUp) : !clock.OpenAt(at)) continue;
            if (next is null || at < next) next = at;
        }
        return next;
    }

    /// <summary>The fired steps as the ledger stores them: names separated by commas (names may contain neither).</summary>
    public static IReadOnlySet<string> Fired(string? stored) =>
        string.IsNullOrEmpty(stored) ? new HashSet<string>(StringComparer.Ordinal) : stored.Split(',').ToHashSet(StringComparer.Ordinal);

    public static string WithFired(string? stored, string step) => string.IsNullOrEmpty(stored) ? step : stored + "," + step;
}
