using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Children;

public sealed record ErasureResult(string Child, int Notices, int Episodes, int EventsRedacted);

/// <summary>
/// Erases a child's personal data (UK GDPR Art. 17 / DPA 2018 s.47), with the reason it is erased: the child's details
/// and contacts, and everything the notices and missing episodes about the child say of them
/// (<see cref="Erasure"/>), in the events and in the child's row alike. What the clocks and the figures need stays —
/// the references, the times, the grades and levels — so the force's reports do not change. Each record touched has an
/// erasure entry in the s.62 log, with the reason, in the same transaction; nothing else is logged of it.
/// </summary>
public sealed class ChildErasure(AppDbContext db, UnitOfWork work, Audit.AuditScope audit)
{
    public async Task<ErasureResult> EraseAsync(string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var child = Input.Reference(reference, "reference", errors);
        var why = Input.Text(reason, "reason", errors, 2000);
        if (why is null && !errors.ContainsKey("reason")) errors["reason"] = ["Say why the child's record is erased"];
        Input.ThrowIfAny(errors);
        audit.Declare(AuditAction.Erasure, Records.Child, $"{justification}: {why}", Records.Notice, Records.Missing);
        return await work.RunAsync("child", async ct =>
        {
            var row = await db.Children.SingleOrDefaultAsync(c => c.Reference == child, ct) ?? throw new NotFoundException("No child has this reference.");
            var notices = await db.Notices.Where(n => n.ChildId == row.Id).Select(n => new { n.Id, n.Reference }).ToListAsync(ct);
            var episodes = await db.MissingEpisodes.Where(m => m.ChildId == row.Id).Select(m => new { m.Id, m.Reference }).ToListAsync(ct);
            var subjects = new List<(long Id, string Kind, string Reference)> { (row.Id, Records.Child, row.Reference) };
            subjects.AddRange(notices.Select(n => (n.Id, Records.Notice, n.Reference)));
            subjects.AddRange(episodes.Select(m => (m.Id, Records.Missing, m.Reference)));
            var redacted = 0;
            foreach (var (id, kind, subject) in subjects)
            {
                foreach (var e in await db.Events.Where(e => e.SubjectId == id).ToListAsync(ct))
                {
                    var before = EventCodec.Read(kind, e);
                    var after = Erasure.Redact(before);
                    if (after == before) continue;
                    e.Data = EventCodec.Write(kind, after);
                    e.Reason = after.Reason;
                    redacted++;
                }
                audit.Touch(kind, subject, author, created: false);
            }
            (row.Name, row.DateOfBirth, row.School, row.ChildProtectionPlan, row.LookedAfter, row.ExploitationRisk) = (null, null, null, false, false, false);
            // What each share says was shared is kept beside the share too (the partner's view): it goes as well.
            var noticeIds = notices.Select(n => n.Id).ToList();
            foreach (var share in await db.NoticeShares.Where(s => noticeIds.Contains(s.NoticeId)).ToListAsync(ct)) share.What = Erasure.Erased;
            return new ErasureResult(row.Reference, notices.Count, episodes.Count, redacted);
        }, cancellationToken);
    }
}
