using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Subjects;

/// <summary>
/// A board's group of an open clock (<see cref="BoardGroups"/>), worked out in the database so a page of a list is a
/// page of the groups in order: the one SQL form of the domain's rule (a test holds the two equal at every edge).
/// </summary>
public static class ClockGroups
{
    /// <summary>The group of a clock at <paramref name="now"/>, as an expression the database runs.</summary>
    public static Expression<Func<ClockRecord, BoardGroup>> At(Instant now)
    {
        var staleBefore = now - BoardGroups.StaleAfter;
        return c => c.DueAt < staleBefore ? BoardGroup.Stale : c.DueAt < now ? BoardGroup.Overdue : c.WarningAt <= now ? BoardGroup.DueSoon : BoardGroup.OnTime;
    }

    /// <summary>Rows ordered by the group of their clock (overdue first, the stale last).</summary>
    public static IOrderedQueryable<T> OrderByGroup<T>(this IQueryable<T> rows, Expression<Func<T, ClockRecord>> clock, Instant now) =>
        rows.OrderBy(Of(clock, now));

    /// <summary>Rows already ordered, then by the group of their clock.</summary>
    public static IOrderedQueryable<T> ThenByGroup<T>(this IOrderedQueryable<T> rows, Expression<Func<T, ClockRecord>> clock, Instant now) =>
        rows.ThenBy(Of(clock, now));

    /// <summary>How many rows stand in each group.</summary>
    public static async Task<IReadOnlyDictionary<BoardGroup, int>> CountByGroupAsync<T>(this IQueryable<T> rows, Expression<Func<T, ClockRecord>> clock, Instant now,
        CancellationToken cancellationToken = default) =>
        await rows.GroupBy(Of(clock, now)).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>The group of each row's clock: <see cref="At"/> with the row's clock put in for the clock.</summary>
    private static Expression<Func<T, BoardGroup>> Of<T>(Expression<Func<T, ClockRecord>> clock, Instant now)
    {
        var group = At(now);
        return Expression.Lambda<Func<T, BoardGroup>>(new Substitute(group.Parameters[0], clock.Body).Visit(group.Body), clock.Parameters);
    }

    private sealed class Substitute(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : base.VisitParameter(node);
    }
}
