using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;

namespace Safeguard.App.Children;

public static class ChildRecords
{
    /// <summary>Finds or creates the children with these references, adding them to <paramref name="known"/> with their ids.</summary>
    public static async Task EnsureAsync(AppDbContext db, Dictionary<string, Child> known, IEnumerable<string> references, CancellationToken cancellationToken)
    {
        var wanted = references.Distinct(StringComparer.Ordinal).Where(r => !known.ContainsKey(r)).ToList();
        if (wanted.Count == 0) return;
        foreach (var child in await db.Children.Where(c => wanted.Contains(c.Reference)).ToListAsync(cancellationToken))
            known[child.Reference] = child;
        var added = false;
        foreach (var reference in wanted.Where(r => !known.ContainsKey(r)))
        {
            var child = new Child { Reference = reference };
            db.Children.Add(child);
            known[reference] = child;
            added = true;
        }
        if (!added) return;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken); // new children get their ids
    }
}
