using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>Where a notice stands, from the ledger: what it still owes (its open clocks), or nothing.</summary>
public enum NoticeStage
{
    AwaitingReview,
    AwaitingSharing,
    AwaitingSchool,
    Done,
}

/// <summary>The orders the force's notice list offers.</summary>
public enum NoticeOrder
{
    /// <summary>Most recently submitted first.</summary>
    Newest,

    /// <summary>Longest-standing first.</summary>
    Oldest,

    /// <summary>What falls due soonest first (most overdue at the top), then those owing nothing, newest first.</summary>
    DueFirst,

    /// <summary>By the notice's reference, A to Z.</summary>
    Reference,
}

/// <summary>A notice in the force's list: references and categories, no narrative; what it still owes, in the clocks' words.</summary>
public sealed record NoticeListRow(string Reference, string ChildReference, string Type, string OfficerRisk, Instant SubmittedAt, Instant? ReviewedAt, string? Rag,
    IReadOnlyList<ClockView> Owed);

/// <summary>
/// What the force's notice list asks: part of a reference (the notice's or the child's, capitals or not), types, where
/// it stands, the day submitted from and before, the agency it was shared with (by code), and the order.
/// </summary>
public sealed record NoticeFilter(string? Reference = null, IReadOnlyList<NoticeType>? Types = null, NoticeStage? Stage = null, Instant? From = null, Instant? Before = null,
    NoticeOrder Order = NoticeOrder.Newest, string? SharedWith = null);

/// <summary>
/// The force's list of public protection notices, for force staff who read notices (never partners, who have their
/// own list of what was shared with them): filtered, ordered and paged in the database with the true total (a download
/// reads every page, <see cref="Paging.AllAsync{T}"/>). Erased notices and notices about a restricted child are left out.
/// </summary>
public sealed class NoticeList(AppDbContext db, IClock clock)
{
    private static readonly ClockKind[] Owing = [ClockKind.MashReview, ClockKind.PartnerSharing, ClockKind.Encompass];

    public async Task<Paged<NoticeListRow>> ReadAsync(NoticeFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        var notices = Query(filter);
        var total = await notices.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await Ordered(notices, filter).Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        return new Paged<NoticeListRow>(await RowsAsync(rows, cancellationToken), total, page.Number, page.Take);
    }

    private IQueryable<Notice> Query(NoticeFilter filter)
    {
        var notices = db.Notices.AsNoTracking().Include(n => n.Child).Where(n => n.ErasedAt == null && n.Child.RestrictedAt == null);
        if (References.Fragment(filter.Reference) is { } part) notices = notices.Where(n => n.Reference.Contains(part) || n.Child.Reference.Contains(part));
        if (filter.Types is { Count: > 0 } types) notices = notices.Where(n => types.Contains(n.Type));
        if (filter.From is { } from) notices = notices.Where(n => n.SubmittedAt >= from);
        if (filter.Before is { } before) notices = notices.Where(n => n.SubmittedAt < before);
        if (filter.SharedWith is { } code)
            notices = notices.Where(n => db.NoticeShares.Any(s => s.NoticeId == n.Id && db.Agencies.Any(a => a.Id == s.AgencyId && a.Code == code)));
        var open = db.Clocks.Where(c => c.State == ClockRecord.Open);
        if (filter.Stage is NoticeStage.Done) return notices.Where(n => !open.Any(c => c.SubjectId == n.Id && Owing.Contains(c.Kind)));
        if (filter.Stage is { } stage)
        {
            // Awaiting a step is owing its clock.
            var owed = stage switch { NoticeStage.AwaitingReview => ClockKind.MashReview, NoticeStage.AwaitingSharing => ClockKind.PartnerSharing, _ => ClockKind.Encompass };
            notices = notices.Where(n => open.Any(c => c.SubjectId == n.Id && c.Kind == owed));
        }
        return notices;
    }

    private IQueryable<Notice> Ordered(IQueryable<Notice> notices, NoticeFilter filter)
    {
        switch (filter.Order)
        {
            case NoticeOrder.Oldest: return notices.OrderBy(n => n.SubmittedAt).ThenBy(n => n.Reference);
            case NoticeOrder.Reference: return notices.OrderBy(n => n.Reference);
            case NoticeOrder.DueFirst:
                // The soonest due of what it still owes; a notice owing nothing sorts after every due time.
                var owed = db.Clocks.Where(c => c.State == ClockRecord.Open && Owing.Contains(c.Kind));
                return notices.OrderBy(n => owed.Where(c => c.SubjectId == n.Id).Min(c => (Instant?)c.DueAt) == null)
                    .ThenBy(n => owed.Where(c => c.SubjectId == n.Id).Min(c => (Instant?)c.DueAt))
                    .ThenByDescending(n => n.SubmittedAt).ThenBy(n => n.Reference);
            default: return notices.OrderByDescending(n => n.SubmittedAt).ThenBy(n => n.Reference);
        }
    }

    private async Task<IReadOnlyList<NoticeListRow>> RowsAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        var ids = notices.Select(n => n.Id).ToList();
        var owed = (await db.Clocks.AsNoTracking().Where(c => ids.Contains(c.SubjectId) && c.State == ClockRecord.Open && Owing.Contains(c.Kind)).ToListAsync(cancellationToken))
            .ToLookup(c => c.SubjectId);
        var now = clock.GetCurrentInstant();
        return [.. notices.Select(n => new NoticeListRow(n.Reference, n.Child.Reference, EventWords.Name(n.Type), EventWords.Name(n.OfficerRisk), n.SubmittedAt, n.ReviewedAt,
            n.Rag is { } rag ? EventWords.Name(rag) : null,
            [.. owed[n.Id].OrderBy(c => c.DueAt).Select(c => ClockView.Of(c, null, now))]))];
    }

}
