using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Notices;

public sealed record NoticeDueRow(string Reference, Instant CreatedAt, string? District, string? Category, IReadOnlyList<string> Children, ClockView Clock);

public sealed record NoticeDueView(Instant Now, Paged<NoticeDueRow> Page, IReadOnlyList<string> Districts);

/// <summary>
/// "Child to notice", the PPN-due queue, read from the ledger: every child-involved incident whose PPN-due clock is
/// open — no notice yet and no supervisor's reason why none is needed — most urgent first, optionally in one district.
/// </summary>
public sealed class ChildToNotice(AppDbContext db, IClock clock)
{
    public async Task<NoticeDueView> ReadAsync(string? district, PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var open = from c in db.Clocks.AsNoTracking()
                   where c.Kind == ClockKind.NoticeDue && c.State == ClockRecord.Open
                   join i in db.Incidents on c.SubjectId equals i.Id
                   select new { Clock = c, Incident = i };
        var districts = await open.Where(x => x.Incident.District != null).Select(x => x.Incident.District!).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(district)) open = open.Where(x => x.Incident.District == district);
        var total = await open.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await open.OrderBy(x => x.Clock.DueAt).ThenBy(x => x.Incident.Reference).Skip(page.Skip).Take(page.Take)
            .Select(x => new { x.Clock, x.Incident.Reference, x.Incident.CreatedAt, x.Incident.District, x.Incident.Category, x.Incident.Id })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var children = (await db.IncidentChildren.AsNoTracking().Where(l => ids.Contains(l.IncidentId)).OrderBy(l => l.Position)
            .Select(l => new { l.IncidentId, l.Child.Reference }).ToListAsync(cancellationToken)).ToLookup(l => l.IncidentId, l => l.Reference);
        return new NoticeDueView(now, new Paged<NoticeDueRow>(
            [.. rows.Select(r => new NoticeDueRow(r.Reference, r.CreatedAt, r.District, r.Category, [.. children[r.Id]], ClockView.Of(r.Clock, null, now)))],
            total, page.Number, page.Take), districts);
    }
}
