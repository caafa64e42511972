using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Subjects;

/// <summary>Reading the ledger for one subject, as every record page shows its clocks.</summary>
public static class LedgerViews
{
    /// <summary>The subject's clocks in the order they started (then by kind and cycle), as they stand at <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<ClockView>> OfSubjectAsync(AppDbContext db, long subjectId, Instant now, CancellationToken cancellationToken)
    {
        var rows = await db.Clocks.AsNoTracking().Where(c => c.SubjectId == subjectId)
            .Select(c => new { Row = c, Child = c.Child == null ? null : c.Child.Reference }).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Row.StartAt).ThenBy(r => r.Row.Kind).ThenBy(r => r.Row.Cycle).Select(r => ClockView.Of(r.Row, r.Child, now))];
    }
}
