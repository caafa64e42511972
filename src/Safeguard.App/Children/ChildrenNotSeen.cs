using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Children;

/// <summary>An incident's child not yet seen and spoken to: <see cref="ChildReference"/> is null while no child is named.</summary>
public sealed record NotSeenRow(string Reference, string? ChildReference, Instant CreatedAt, string? District, string? Category, ClockView Clock);

/// <summary>
/// Every child named on an incident (or child-involved incident naming none) not yet seen and spoken to, read from the
/// ledger's open child-seen clocks, most urgent first: the supervisor's list for the inspection's boy, unseen two days
/// after reporting an assault.
/// </summary>
public sealed class ChildrenNotSeen(AppDbContext db, IClock clock)
{
    public async Task<(Paged<NotSeenRow> Page, Instant Now)> ReadAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var open = from c in db.Clocks.AsNoTracking()
                   where c.Kind == ClockKind.ChildSeen && c.State == ClockRecord.Open
                   join i in db.Incidents on c.SubjectId equals i.Id
                   select new { Clock = c, Child = c.Child == null ? null : c.Child.Reference, i.Reference, i.CreatedAt, i.District, i.Category };
        var total = await open.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await open.OrderBy(x => x.Clock.DueAt).ThenBy(x => x.Reference).ThenBy(x => x.Clock.Cycle).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return (new Paged<NotSeenRow>([.. rows.Select(r => new NotSeenRow(r.Reference, r.Child, r.CreatedAt, r.District, r.Category, ClockView.Of(r.Clock, r.Child, now)))],
            total, page.Number, page.Take), now);
    }
}
