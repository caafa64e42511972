using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

public sealed record ChildToNoticeRow(string Reference, Instant CreatedAt, string? District, string? Category, Duration Overdue);

/// <summary>
/// "Child to notice": child-involved incidents with no public protection notice linked to them once the submission
/// target (24 hours) has passed, oldest first, for supervisors to chase.
/// </summary>
public sealed class ChildToNotice(AppDbContext db, NoticePolicy policy, IClock clock)
{
    public const int Limit = 500;

    public async Task<(IReadOnlyList<ChildToNoticeRow> Rows, int Total)> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var cutoff = now - policy.Submission; // created before this, the 24 hours have passed
        var missing = db.Incidents.AsNoTracking()
            .Where(i => i.ChildrenInvolved && i.CreatedAt < cutoff && !db.Notices.Any(n => n.IncidentReference == i.Reference));
        var total = await missing.CountAsync(cancellationToken);
        var rows = await missing.OrderBy(i => i.CreatedAt).Take(Limit)
            .Select(i => new { i.Reference, i.CreatedAt, i.District, i.Category }).ToListAsync(cancellationToken);
        return ([.. rows.Select(r => new ChildToNoticeRow(r.Reference, r.CreatedAt, r.District, r.Category, now - (r.CreatedAt + policy.Submission)))], total);
    }
}
