using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Clocks;

/// <summary>
/// Escalation across all of a subject's clocks (an incident's attendance and child-seen clocks; a notice's review,
/// sharing and Operation Encompass clocks), with the fired steps stored as one comma-separated column of keys
/// (<see cref="EscalationPolicy.Key"/>).
/// </summary>
public static class Escalations
{
    public static IReadOnlyList<string> Keys(string? stored) => string.IsNullOrEmpty(stored) ? [] : stored.Split(',');

    public static string Add(string? stored, ClockKind kind, string step)
    {
        var key = EscalationPolicy.Key(kind, step);
        return string.IsNullOrEmpty(stored) ? key : stored + "," + key;
    }

    /// <summary>The stored keys without those of <paramref name="kind"/>'s chain (a clock that starts a new cycle).</summary>
    public static string? Without(string? stored, ClockKind kind)
    {
        var prefix = kind.Name() + ":";
        var kept = Keys(stored).Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return kept.Count == 0 ? null : string.Join(',', kept);
    }

    /// <summary>The earliest instant any step of any of the clocks can next fire, judged at <paramref name="now"/>; null when none can.</summary>
    public static Instant? Next(IEnumerable<(Clock Clock, EscalationPolicy Chain)> clocks, string? stored, Instant knownSince, Instant now, Duration catchUp)
    {
        var keys = Keys(stored);
        Instant? next = null;
        foreach (var (clock, chain) in clocks)
        {
            if (chain.Next(clock, EscalationPolicy.FiredFor(clock.Kind, keys), knownSince, now, catchUp) is { } at && (next is null || at < next))
                next = at;
        }
        return next;
    }

    /// <summary>Every step due at <paramref name="now"/> and not yet fired, on any of the clocks, in the order they came due.</summary>
    public static IReadOnlyList<(Clock Clock, EscalationStep Step, Instant At)> Due(IEnumerable<(Clock Clock, EscalationPolicy Chain)> clocks, string? stored,
        Instant knownSince, Instant now, Duration catchUp)
    {
        var keys = Keys(stored);
        return [.. clocks.SelectMany(c => c.Chain.Due(c.Clock, EscalationPolicy.FiredFor(c.Clock.Kind, keys), knownSince, now, catchUp)
                .Select(d => (c.Clock, d.Step, d.At)))
            .OrderBy(d => d.At)];
    }
}
