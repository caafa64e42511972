using Microsoft.EntityFrameworkCore;

namespace Safeguard.App.Data;

/// <summary>Saving rows that carry a version as their concurrency token (audited cases, recommendations).</summary>
public static class Versioned
{
    /// <summary>
    /// Saves the change (the caller has raised the row's version); a row changed by someone else since it was read is the
    /// conflict <paramref name="changed"/> says, and nothing is saved.
    /// </summary>
    public static async Task SaveVersionedAsync(this DbContext db, string changed, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RuleException(changed, isConflict: true);
        }
    }
}
