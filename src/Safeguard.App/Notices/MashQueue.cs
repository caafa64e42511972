using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Notices;

public sealed record QueueRow(string Reference, string ChildReference, string Type, string OfficerRisk, Instant SubmittedAt, ClockView Clock);

public sealed record QueueView(Instant Now, Paged<QueueRow> Page);

/// <summary>A notice with something still owed after its review: sharing with partners, or telling the child's school.</summary>
public sealed record OwedRow(string Reference, string ChildReference, ClockView Clock);

/// <summary>
/// The MASH triage queue, read from the ledger: every notice whose review clock is open, ordered by its due instant
/// (4 hours from submission when the officer's risk is high, else 24), so the most overdue is first however many wait.
/// </summary>
public sealed class MashQueue(AppDbContext db, IClock clock)
{
    public async Task<QueueView> ReadAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var waiting = from c in db.Clocks.AsNoTracking()
                      where c.Kind == ClockKind.MashReview && c.State == ClockRecord.Open
                      join n in db.Notices on c.SubjectId equals n.Id
                      select new { Clock = c, n.Reference, Child = n.Child.Reference, n.Type, n.OfficerRisk, n.SubmittedAt };
        var total = await waiting.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await waiting.OrderBy(x => x.Clock.DueAt).ThenBy(x => x.Reference).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new QueueView(now, new Paged<QueueRow>(
            [.. rows.Select(x => new QueueRow(x.Reference, x.Child, EventWords.Name(x.Type), EventWords.Name(x.OfficerRisk), x.SubmittedAt, ClockView.Of(x.Clock, x.Child, now)))],
            total, page.Number, page.Take));
    }

    /// <summary>Notices whose partner-sharing or Operation Encompass clock is still open, soonest due first, so a notice reviewed but never shared stays in front of the MASH.</summary>
    public async Task<Paged<OwedRow>> OwedAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var owed = from c in db.Clocks.AsNoTracking()
                   where (c.Kind == ClockKind.PartnerSharing || c.Kind == ClockKind.Encompass) && c.State == ClockRecord.Open
                   join n in db.Notices on c.SubjectId equals n.Id
                   select new { Clock = c, n.Reference, Child = n.Child.Reference };
        var total = await owed.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await owed.OrderBy(x => x.Clock.DueAt).ThenBy(x => x.Reference).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new Paged<OwedRow>([.. rows.Select(x => new OwedRow(x.Reference, x.Child, ClockView.Of(x.Clock, x.Child, now)))], total, page.Number, page.Take);
    }
}
