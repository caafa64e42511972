using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Time;

namespace Safeguard.App.Children;

public static class ChildRecords
{
    /// <summary>
    /// The child each of these references stands for, to read: its own record, or the one a merged duplicate was merged
    /// into (as the store resolves them when writing).
    /// </summary>
    public static async Task<Dictionary<string, Child>> ResolveAsync(AppDbContext db, IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        if (references.Count == 0) return new Dictionary<string, Child>(StringComparer.Ordinal); // most incidents name no child: no query
        var rows = await db.Children.AsNoTracking().Where(c => references.Contains(c.Reference)).ToListAsync(cancellationToken);
        var into = rows.Where(c => c.MergedIntoId is not null).Select(c => c.MergedIntoId!.Value).Distinct().ToList();
        var kept = into.Count == 0 ? [] : await db.Children.AsNoTracking().Where(c => into.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return rows.ToDictionary(c => c.Reference, c => c.MergedIntoId is { } id && kept.TryGetValue(id, out var k) ? k : c, StringComparer.Ordinal);
    }

    /// <summary>Works out again when each child first had three missing episodes within the repeat window.</summary>
    public static Task FlagRepeatMissingAsync(AppDbContext db, IReadOnlyCollection<long> childIds, MissingPolicy policy, CancellationToken cancellationToken) =>
        FlagAsync(db, childIds, ids => db.MissingEpisodes.Where(m => ids.Contains(m.ChildId)).Select(m => new ChildInstant(m.ChildId, m.ReportedAt)),
            policy.RepeatEpisodes, policy.RepeatWindow, (c, since) => c.RepeatMissingSince = since, cancellationToken);

    /// <summary>Works out again when each child first had three notices submitted within the escalating-concern window.</summary>
    public static Task FlagEscalatingConcernAsync(AppDbContext db, IReadOnlyCollection<long> childIds, NoticePolicy policy, CancellationToken cancellationToken) =>
        FlagAsync(db, childIds, ids => db.Notices.Where(n => ids.Contains(n.ChildId)).Select(n => new ChildInstant(n.ChildId, n.SubmittedAt)),
            policy.EscalatingNotices, policy.EscalatingWindow, (c, since) => c.EscalatingConcernSince = since, cancellationToken);

    private sealed record ChildInstant(long ChildId, Instant At);

    /// <summary>Sets each child's flag to the first instant <paramref name="count"/> of its instants fell within <paramref name="window"/>; the caller saves.</summary>
    private static async Task FlagAsync(AppDbContext db, IReadOnlyCollection<long> childIds, Func<long[], IQueryable<ChildInstant>> instants, int count, Duration window,
        Action<Child, Instant?> flag, CancellationToken cancellationToken)
    {
        foreach (var chunk in childIds.Chunk(500))
        {
            var rows = await instants(chunk).AsNoTracking().ToListAsync(cancellationToken);
            var since = rows.GroupBy(r => r.ChildId).ToDictionary(g => g.Key, g => RollingWindow.FirstReached(g.Select(r => r.At), count, window));
            foreach (var child in await db.Children.Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken))
                flag(child, since.GetValueOrDefault(child.Id));
        }
        db.ChangeTracker.DetectChanges();
    }
}
