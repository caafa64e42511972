using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

/// <summary>A child still missing: the episode, its risk, the open risk review clock (none at very low risk) and the attendance clock.</summary>
public sealed record CoordinatorRow(
    string Reference, string ChildReference, bool RepeatMissing, string Risk, Instant ReportedAt, string? District, ClockView? Review, ClockView? Attendance);

public sealed record CoordinatorView(Instant Now, Paged<CoordinatorRow> Page);

/// <summary>The missing-person coordinator's board, from the ledger: children still missing, highest risk first, then by the next review due.</summary>
public sealed class CoordinatorBoard(AppDbContext db, IClock clock)
{
    public async Task<CoordinatorView> ReadAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var missing = from m in db.MissingEpisodes.AsNoTracking()
                      where m.FoundAt == null
                      join c in db.Clocks.Where(c => c.Kind == ClockKind.MissingReview && c.State == ClockRecord.Open) on m.Id equals c.SubjectId into reviews
                      from review in reviews.DefaultIfEmpty()
                      select new { m.Id, m.Reference, Child = m.Child.Reference, Repeat = m.Child.RepeatMissingSince != null, m.CurrentRisk, m.ReportedAt, m.District, Review = review };
        var total = await missing.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await missing.OrderByDescending(x => x.CurrentRisk).ThenBy(x => x.Review == null).ThenBy(x => x.Review!.DueAt).ThenBy(x => x.ReportedAt).ThenBy(x => x.Reference)
            .Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var attendance = await db.Clocks.AsNoTracking().Where(c => ids.Contains(c.SubjectId) && c.Kind == ClockKind.MissingAttendance).ToDictionaryAsync(c => c.SubjectId, cancellationToken);
        return new CoordinatorView(now, new Paged<CoordinatorRow>(
            [.. rows.Select(r => new CoordinatorRow(r.Reference, r.Child, r.Repeat, r.CurrentRisk.Name(), r.ReportedAt, r.District,
                r.Review is null ? null : ClockView.Of(r.Review, r.Child, now), attendance.TryGetValue(r.Id, out var a) ? ClockView.Of(a, r.Child, now) : null))],
            total, page.Number, page.Take));
    }
}
