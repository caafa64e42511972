using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
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
    Instant? ReviewedAt, string? Rag, IReadOnlyList<ShareView> Shares, IReadOnlyList<Incidents.ClockView> Clocks,
    string? Narrative = null, string? VoiceOfChild = null, ReviewView? Review = null, SchoolNotificationView? SchoolNotification = null);

/// <summary>
/// Reading notices. Force staff with a notice role read any notice; a partner-agency user reads a notice only when it
/// was shared with their own agency — any other reference answers "not found", so a partner cannot even learn that
/// it exists — and sees only their own agency's share of it.
/// </summary>
public sealed class NoticeQueries(AppDbContext db, NoticePolicy policy, IClock clock)
{
    /// <summary>The lawful basis recorded for sharing with partners: DPA 2018 Schedule 8 paragraph 4 (safeguarding of children).</summary>
    public const string DefaultLawfulBasis = "DPA 2018 Sch. 8 para 4 (safeguarding of children and individuals at risk)";

    public async Task<NoticeView> GetAsync(string reference, Reader reader, CancellationToken cancellationToken = default)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Reference == reference, cancellationToken);
        if (notice is null || (reader.IsPartner && !await SharedWithAsync(notice.Id, reader.AgencyId, cancellationToken)))
            throw new NotFoundException("No notice has this reference.");
        return await ViewAsync(notice, reader, cancellationToken);
    }

    /// <summary>The notices shared with the reader's agency, newest first.</summary>
    public async Task<IReadOnlyList<NoticeView>> SharedWithMeAsync(Reader reader, CancellationToken cancellationToken = default)
    {
        if (reader.AgencyId is not { } agency) return [];
        var notices = await db.Notices.AsNoTracking()
            .Where(n => db.NoticeShares.Any(s => s.NoticeId == n.Id && s.AgencyId == agency))
            .OrderByDescending(n => n.SubmittedAt).Take(500).ToListAsync(cancellationToken);
        return await ViewsAsync(notices, reader, cancellationToken);
    }

    /// <summary>The partner acknowledges their agency's share; a second acknowledgement changes nothing.</summary>
    public async Task<NoticeView> AcknowledgeAsync(string reference, Reader reader, CancellationToken cancellationToken = default)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Reference == reference, cancellationToken);
        var share = notice is null || reader.AgencyId is not { } agency ? null
            : await db.NoticeShares.SingleOrDefaultAsync(s => s.NoticeId == notice.Id && s.AgencyId == agency, cancellationToken);
        if (notice is null || share is null) throw new NotFoundException("No notice has this reference.");
        if (share.AcknowledgedAt is null)
        {
            share.AcknowledgedAt = clock.GetCurrentInstant();
            share.AcknowledgedBy = reader.Name;
            await db.SaveChangesAsync(cancellationToken);
        }
        return await ViewAsync(notice, reader, cancellationToken);
    }

    private Task<bool> SharedWithAsync(long noticeId, long? agencyId, CancellationToken cancellationToken) =>
        agencyId is { } agency ? db.NoticeShares.AnyAsync(s => s.NoticeId == noticeId && s.AgencyId == agency, cancellationToken) : Task.FromResult(false);

    /// <summary>The notices' views with their children, shares (a partner's own only) and clocks, in three queries however many.</summary>
    private async Task<IReadOnlyList<NoticeView>> ViewsAsync(IReadOnlyList<Notice> notices, Reader reader, CancellationToken cancellationToken)
    {
        var noticeIds = notices.Select(n => n.Id).ToList();
        var childIds = notices.Select(n => n.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.DateOfBirth })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var shares = db.NoticeShares.AsNoTracking().Where(s => noticeIds.Contains(s.NoticeId));
        if (reader.IsPartner) shares = shares.Where(s => s.AgencyId == reader.AgencyId);
        var sharesByNotice = (await shares.Join(db.Agencies, s => s.AgencyId, a => a.Id,
                (s, a) => new { s.NoticeId, View = new ShareView(a.Name, s.SharedAt, s.SharedBy, s.What, s.LawfulBasis, s.AcknowledgedAt, s.AcknowledgedBy) })
            .ToListAsync(cancellationToken)).ToLookup(x => x.NoticeId, x => x.View);
        var now = clock.GetCurrentInstant();
        return [.. notices.Select(notice =>
        {
            var child = children[notice.ChildId];
            var clocks = NoticeRules.Clocks(NoticeProjection.Facts(notice, child.Reference), policy, child.DateOfBirth).Select(c => Incidents.ClockView.Of(c, now)).ToList();
            return new NoticeView(notice.Reference, child.Reference, notice.IncidentReference, Name(notice.Type), Name(notice.OfficerRisk), notice.OccurredAt,
                notice.SubmittedAt, notice.ReviewedAt, notice.Rag is { } rag ? Name(rag) : null,
                [.. sharesByNotice[notice.Id].OrderBy(v => v.Agency, StringComparer.Ordinal)], clocks);
        })];
    }

    private async Task<NoticeView> ViewAsync(Notice notice, Reader reader, CancellationToken cancellationToken)
    {
        var view = (await ViewsAsync([notice], reader, cancellationToken))[0];
        if (reader.IsPartner) return view;

        // Force staff see the officer's account and the MASH's reasoning, from the notice's own events.
        var events = await db.NoticeEvents.AsNoTracking().Where(e => e.NoticeId == notice.Id && (e.Kind == "submitted" || e.Kind == "reviewed" || e.Kind == "school-notified"))
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var submitted = events.Where(e => e.Kind == "submitted").Select(NoticeProjection.Read<NoticeSubmitted>).FirstOrDefault();
        var reviewed = events.Where(e => e.Kind == "reviewed").Select(NoticeProjection.Read<NoticeReviewed>).LastOrDefault();
        var school = events.Where(e => e.Kind == "school-notified").Select(NoticeProjection.Read<NoticeSchoolNotified>).FirstOrDefault();
        return view with
        {
            Narrative = submitted?.Narrative,
            VoiceOfChild = submitted?.VoiceOfChild,
            Review = reviewed is null ? null
                : new ReviewView(reviewed.At, reviewed.Author, Name(reviewed.Rag), reviewed.Rationale, Name(reviewed.Decision), reviewed.ShareWith, reviewed.RiskChangeReason),
            SchoolNotification = school is null ? null : new SchoolNotificationView(school.At, school.Author, school.School, school.What),
        };
    }

    private static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
