using NodaTime;

namespace Safeguard.Domain.Clocks;

/// <summary>
/// Where an open clock stands on a board, in the order a board shows them: overdue first, then due soon, then on time;
/// a clock overdue for longer than <see cref="BoardGroups.StaleAfter"/> is set apart at the foot for clean-up (an incident left
/// open after the job, most likely), so it never sits above a case that can still be saved.
/// </summary>
public enum BoardGroup
{
    Overdue = 0,
    DueSoon = 1,
    OnTime = 2,
    Stale = 3,
}

public static class BoardGroups
{
    /// <summary>How long overdue a clock may be before a board sets it apart as stale.</summary>
    public static readonly Duration StaleAfter = Duration.FromDays(1);

    public static IReadOnlyList<BoardGroup> InOrder { get; } = [BoardGroup.Overdue, BoardGroup.DueSoon, BoardGroup.OnTime, BoardGroup.Stale];

    /// <summary>The group of an open clock due at <paramref name="due"/>, warning from <paramref name="warningAt"/>, at <paramref name="now"/>.</summary>
    public static BoardGroup Of(Instant due, Instant warningAt, Instant now) =>
        due < now - StaleAfter ? BoardGroup.Stale : due < now ? BoardGroup.Overdue : warningAt <= now ? BoardGroup.DueSoon : BoardGroup.OnTime;

    /// <summary>The group's heading, in the words of the clock states (one vocabulary).</summary>
    public static string Heading(BoardGroup group) => group switch
    {
        BoardGroup.Overdue => ClockStates.Words(ClockState.Breached),
        BoardGroup.DueSoon => ClockStates.Words(ClockState.Warning),
        BoardGroup.OnTime => ClockStates.Words(ClockState.Running),
        BoardGroup.Stale => $"{ClockStates.Words(ClockState.Breached)} by more than {ClockStates.Length(StaleAfter)}: check whether each is still open, and close it",
    };
}
