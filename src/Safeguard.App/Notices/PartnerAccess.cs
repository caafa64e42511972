using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>Who is asking: their roles, and for a partner-agency user, their agency.</summary>
public sealed record Reader(string Name, IReadOnlySet<string> Roles, long? AgencyId)
{
    public bool IsPartner => Roles.Contains(Access.Roles.PartnerAgency);
}

public sealed record ShareView(string Agency, Instant SharedAt, string SharedBy, string What, string LawfulBasis, Instant? AcknowledgedAt, string? AcknowledgedBy);

public sealed record ReviewView(Instant At, string Author, string Rag, string Rationale, string Decision, IReadOnlyList<string> ShareWith, string? RiskChangeReason);

public sealed record SchoolNotificationView(Instant At, string Author, string School, string What);

/// <summary>
/// A notice as a reader may see it. <see cref="Narrative"/>, <see cref="VoiceOfChild"/>, <see cref="Review"/> and
/// <see cref="SchoolNotification"/> are for force staff only: a partner sees what was shared with their agency.
/// </summary>
public sealed record NoticeView(
    string Reference, string ChildReference, string? IncidentReference, string Type, string OfficerRisk, Instant OccurredAt, Instant SubmittedAt,
    Instant? ReviewedAt, string? Rag, IReadOnlyList<ShareView> Shares, IReadOnlyList<ClockView> Clocks,
    string? Narrative = null, string? VoiceOfChild = null, ReviewView? Review = null, SchoolNotificationView? SchoolNotification = null,
    IReadOnlyList<EventView>? Events = null);

/// <summary>
/// Reading notices. Force staff with a notice role read any notice; a partner-agency user reads a notice only when it
/// was shared with their own agency — any other reference answers "not found", so a partner cannot even learn that
/// it exists — and sees only their own agency's share of it.
/// </summary>
public sealed class NoticeQueries(AppDbContext db, UnitOfWork work, Audit.AuditScope audit, Audit.AuditTrail trail, IClock clock)
{
    /// <summary>The lawful basis recorded for sharing with partners: DPA 2018 Schedule 8 paragraph 4 (safeguarding of children).</summary>
    public const string DefaultLawfulBasis = "DPA 2018 Sch. 8 para 4 (safeguarding of children and individuals at risk)";

    public async Task<NoticeView> GetAsync(string reference, Reader reader, CancellationToken cancellationToken = default)
    {
        var notice = await db.Notices.AsNoTracking().Include(n => n.Child).SingleOrDefaultAsync(n => n.Reference == reference, cancellationToken);
        if (notice is null || (reader.IsPartner && !await SharedWithAsync(notice.Id, reader.AgencyId, cancellationToken)))
            throw await NotSharedAsync(reference, reader);
        return await ViewAsync(notice, reader, cancellationToken);
    }

    /// <summary>
    /// The notices shared with the reader's agency, the most recently shared first, a page at a time; only those whose
    /// reference holds <paramref name="reference"/> (capitals or not), and only those not yet acknowledged when
    /// <paramref name="unacknowledged"/>.
    /// </summary>
    public async Task<Paged<NoticeView>> SharedWithMeAsync(Reader reader, PageRequest page, string? reference = null, bool unacknowledged = false,
        CancellationToken cancellationToken = default)
    {
        if (reader.AgencyId is not { } agency) return new Paged<NoticeView>([], 0, page.Number, page.Take);
        var shared = db.NoticeShares.AsNoTracking().Where(s => s.AgencyId == agency);
        if (References.Fragment(reference) is { } part) shared = shared.Where(s => db.Notices.Any(n => n.Id == s.NoticeId && n.Reference.Contains(part)));
        if (unacknowledged) shared = shared.Where(s => s.AcknowledgedAt == null);
        var total = await shared.CountAsync(cancellationToken);
        var ids = await shared.OrderByDescending(s => s.SharedAt).ThenByDescending(s => s.Id).Skip(page.Skip).Take(page.Take).Select(s => s.NoticeId).ToListAsync(cancellationToken);
        var notices = await db.Notices.AsNoTracking().Include(n => n.Child).Where(n => ids.Contains(n.Id)).ToListAsync(cancellationToken);
        var ordered = ids.Select(id => notices.Single(n => n.Id == id)).ToList();
        return new Paged<NoticeView>(await ViewsAsync(ordered, reader, cancellationToken), total, page.Number, page.Take);
    }

    /// <summary>The partner acknowledges their agency's share; a second acknowledgement changes nothing.</summary>
    public async Task<NoticeView> AcknowledgeAsync(string reference, Reader reader, CancellationToken cancellationToken = default)
    {
        if (!await db.Notices.AnyAsync(n => n.Reference == reference && db.NoticeShares.Any(s => s.NoticeId == n.Id && s.AgencyId == reader.AgencyId), cancellationToken))
            throw await NotSharedAsync(reference, reader);
        await work.RunAsync("notice", async ct =>
        {
            var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Reference == reference, ct);
            var share = notice is null || reader.AgencyId is not { } agency ? null
                : await db.NoticeShares.SingleOrDefaultAsync(s => s.NoticeId == notice.Id && s.AgencyId == agency, ct);
            if (share is null) throw new NotFoundException("No notice has this reference.");
            if (share.AcknowledgedAt is not null) return;
            share.AcknowledgedAt = clock.GetCurrentInstant();
            share.AcknowledgedBy = reader.Name;
            // The share is the agency's, not an event of the notice: the change names the notice itself.
            audit.Touch(Records.Notice, reference, reader.Name, created: false);
        }, cancellationToken);
        return await GetAsync(reference, reader, cancellationToken);
    }

    /// <summary>
    /// "Not found" for a notice the reader may not see; a partner asking for one not shared with their agency is also on
    /// the record (s.62), so probing shows.
    /// </summary>
    private async Task<NotFoundException> NotSharedAsync(string reference, Reader reader)
    {
        if (reader.IsPartner)
            await trail.RecordAsync(reader.Name, Domain.Audit.AuditAction.Refusal, Records.Notice, reference,
                $"{Access.Roles.PartnerAgency}: a notice not shared with their agency", CancellationToken.None);
        return new NotFoundException("No notice has this reference.");
    }

    private Task<bool> SharedWithAsync(long noticeId, long? agencyId, CancellationToken cancellationToken) =>
        agencyId is { } agency ? db.NoticeShares.AnyAsync(s => s.NoticeId == noticeId && s.AgencyId == agency, cancellationToken) : Task.FromResult(false);

    /// <summary>The notices' views with their shares (a partner's own only) and clocks from the ledger, in three queries however many.</summary>
    private async Task<IReadOnlyList<NoticeView>> ViewsAsync(IReadOnlyList<Notice> notices, Reader reader, CancellationToken cancellationToken)
    {
        var noticeIds = notices.Select(n => n.Id).ToList();
        var shares = db.NoticeShares.AsNoTracking().Where(s => noticeIds.Contains(s.NoticeId));
        if (reader.IsPartner) shares = shares.Where(s => s.AgencyId == reader.AgencyId);
        var sharesByNotice = (await shares.Join(db.Agencies, s => s.AgencyId, a => a.Id,
                (s, a) => new { s.NoticeId, View = new ShareView(a.Name, s.SharedAt, s.SharedBy, s.What, s.LawfulBasis, s.AcknowledgedAt, s.AcknowledgedBy) })
            .ToListAsync(cancellationToken)).ToLookup(x => x.NoticeId, x => x.View);
        var now = clock.GetCurrentInstant();
        var clocks = (await db.Clocks.AsNoTracking().Where(c => noticeIds.Contains(c.SubjectId)).ToListAsync(cancellationToken)).ToLookup(c => c.SubjectId);
        return [.. notices.Select(notice => new NoticeView(notice.Reference, notice.Child.Reference, notice.IncidentReference, EventWords.Name(notice.Type),
            EventWords.Name(notice.OfficerRisk), notice.OccurredAt, notice.SubmittedAt, notice.ReviewedAt, notice.Rag is { } rag ? EventWords.Name(rag) : null,
            [.. sharesByNotice[notice.Id].OrderBy(v => v.Agency, StringComparer.Ordinal)],
            [.. clocks[notice.Id].OrderBy(c => c.StartAt).ThenBy(c => c.Kind).Select(c => ClockView.Of(c, notice.Child.Reference, now))]))];
    }

    private async Task<NoticeView> ViewAsync(Notice notice, Reader reader, CancellationToken cancellationToken)
    {
        var view = (await ViewsAsync([notice], reader, cancellationToken))[0];
        if (reader.IsPartner) return view;

        // Force staff see the officer's account, the MASH's reasoning and the history, from the notice's own events.
        var rows = await db.Events.AsNoTracking().Where(e => e.SubjectId == notice.Id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var events = rows.Select(r => (Row: r, Event: EventCodec.Read(Records.Notice, r))).ToList();
        var submitted = events.Select(e => e.Event).OfType<NoticeSubmitted>().FirstOrDefault();
        var reviewed = events.Select(e => e.Event).OfType<NoticeReviewed>().LastOrDefault();
        var school = events.Select(e => e.Event).OfType<NoticeSchoolNotified>().FirstOrDefault();
        return view with
        {
            Narrative = submitted?.Narrative,
            VoiceOfChild = submitted?.VoiceOfChild,
            Review = reviewed is null ? null
                : new ReviewView(reviewed.At, reviewed.Author, EventWords.Name(reviewed.Rag), reviewed.Rationale, EventWords.Name(reviewed.Decision), reviewed.ShareWith, reviewed.RiskChangeReason),
            SchoolNotification = school is null ? null : new SchoolNotificationView(school.At, school.Author, school.School, school.What),
            Events = [.. events.Select(e => EventView.Of(e.Row, e.Event))],
        };
    }
}
