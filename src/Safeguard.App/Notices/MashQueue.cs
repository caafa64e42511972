using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

public sealed record QueueRow(string Reference, string ChildReference, string Type, string OfficerRisk, Instant SubmittedAt, Instant WarningAt, Instant DueAt, string State);

public sealed record QueueView(Instant Now, IReadOnlyList<QueueRow> Rows, int Total);

/// <summary>A notice with something still owed after its review: sharing with partners, or telling the child's school.</summary>
public sealed record OwedRow(string Reference, string ChildReference, string Owed, Instant DueAt, string State);

/// <summary>
/// The MASH triage queue: submitted notices not yet reviewed, ordered by time left on their review clock (4 hours when
/// the officer's risk is high, else 24), so a notice ten days old and unreviewed is at the top, overdue.
/// </summary>
public sealed class MashQueue(AppDbContext db, NoticePolicy policy, IClock clock)
{
    public const int Limit = 1000;

    public async Task<QueueView> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var waiting = db.Notices.AsNoTracking().Where(n => n.ReviewedAt == null);
        var total = await waiting.CountAsync(cancellationToken);
        var notices = await waiting.OrderBy(n => n.SubmittedAt).Take(Limit)
            .Join(db.Children, n => n.ChildId, c => c.Id, (n, c) => new { Notice = n, Child = c.Reference })
            .ToListAsync(cancellationToken);
        var rows = notices.Select(x =>
            {
                var review = NoticeRules.ReviewClock(NoticeProjection.Facts(x.Notice, x.Child), policy);
                return new QueueRow(x.Notice.Reference, x.Child, x.Notice.Type.ToString(), x.Notice.OfficerRisk.ToString().ToLowerInvariant(),
                    x.Notice.SubmittedAt, review.WarningAt, review.Due, ClockStates.Name(review.Evaluate(now)));
            })
            .OrderBy(r => r.DueAt).ThenBy(r => r.Reference, StringComparer.Ordinal).ToList();
        return new QueueView(now, rows, total);
    }

    /// <summary>How far back <see cref="OwedAsync"/> looks: older notices are history, reported rather than worked.</summary>
    public static readonly Duration OwedWindow = Duration.FromDays(30);

    /// <summary>
    /// Notices of the last <see cref="OwedWindow"/> whose partner sharing or Operation Encompass clock is still open,
    /// soonest due first — so a notice reviewed but never shared stays in front of the MASH.
    /// </summary>
    public async Task<IReadOnlyList<OwedRow>> OwedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var since = now - OwedWindow;
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.OccurredAt >= since
                && ((n.ReviewedAt != null && (n.Rag == Rag.Red || n.Rag == Rag.Amber) && n.SharedAt == null)
                    || (n.Type == NoticeType.DomesticAbuse && n.SchoolNotifiedAt == null)))
            .OrderBy(n => n.OccurredAt)
            .Join(db.Children, n => n.ChildId, c => c.Id, (n, c) => new { Notice = n, c.Reference, c.DateOfBirth })
            .Take(Limit).ToListAsync(cancellationToken);
        return [.. notices
            .SelectMany(x => NoticeRules.Clocks(NoticeProjection.Facts(x.Notice, x.Reference), policy, x.DateOfBirth)
                .Where(c => c.Kind is ClockKind.PartnerSharing or ClockKind.Encompass && c.Stop is null)
                .Select(c => new OwedRow(x.Notice.Reference, x.Reference, c.Kind.Title(), c.Due, ClockStates.Name(c.Evaluate(now)))))
            .OrderBy(r => r.DueAt).ThenBy(r => r.Reference, StringComparer.Ordinal)];
    }
}
