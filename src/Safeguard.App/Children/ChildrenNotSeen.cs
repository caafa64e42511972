using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Children;

public sealed record NotSeenRow(string Reference, Instant CreatedAt, string? District, string? Category, Instant DueAt, string State);

/// <summary>
/// Child-involved incidents of the last <see cref="Window"/> with no child yet recorded as seen and spoken to, most
/// overdue first: the supervisor's list for the inspection's boy, unseen two days after reporting an assault.
/// </summary>
public sealed class ChildrenNotSeen(AppDbContext db, Clocks.PolicyVersions policies, IClock clock)
{
    public const int Limit = 500;
    public static readonly Duration Window = Duration.FromDays(90);

    public async Task<(IReadOnlyList<NotSeenRow> Rows, int Total, Instant Now)> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var since = now - Window;
        var unseen = db.Incidents.AsNoTracking().Where(i => i.ChildrenInvolved && i.CreatedAt >= since && i.ChildSeenAt == null);
        var total = await unseen.CountAsync(cancellationToken);
        var incidents = await unseen.OrderBy(i => i.CreatedAt).Take(Limit).ToListAsync(cancellationToken);
        var rows = incidents.Select(i =>
        {
            var seen = IncidentHistory.ChildSeenClock(i.ToFacts(), policies.For(db, i))!;
            return new NotSeenRow(i.Reference, i.CreatedAt, i.District, i.Category, seen.Due, ClockStates.Name(seen.Evaluate(now)));
        }).OrderBy(r => r.DueAt).ToList();
        return (rows, total, now);
    }
}
