using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

public sealed record ErasureResult(string Reference, int Notices, int Episodes, int Incidents, int EventsRedacted);

/// <summary>
/// Erases personal data (UK GDPR Art. 17 / DPA 2018 s.47), with the reason it is erased. A child's erasure takes the
/// child's details and contacts, everything the notices and missing episodes about the child say of them, the notes of
/// the incidents that name the child, and the records merged into the child's (<see cref="Erasure"/>); a single notice,
/// episode or incident can be erased on its own too (a retention review's disposal). The events and the projected rows
/// alike are rewritten. What the clocks and the figures need stays — the references, the times, the grades and levels —
/// so the force's reports do not change. Each record touched has an erasure entry in the s.62 log, with the reason, in
/// the same transaction; nothing else is logged of it.
/// </summary>
public sealed class RecordErasure(AppDbContext db, UnitOfWork work, Audit.AuditScope audit, NodaTime.IClock clock)
{
    public const int MaxReasonLength = 2000;

    /// <summary>The kinds of record that can be erased on their own.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Records.Child, Records.Notice, Records.Missing, Records.Incident];

    public async Task<ErasureResult> EraseChildAsync(string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default) =>
        await EraseAsync(Records.Child, reference, reason, author, justification, cancellationToken);

    public async Task<ErasureResult> EraseAsync(string kind, string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Kinds.Contains(kind)) errors["kind"] = [$"kind must be one of {string.Join(", ", Kinds)}"];
        var wanted = Input.Reference(reference, "reference", errors);
        var why = Input.Text(reason, "reason", errors, MaxReasonLength);
        if (why is null && !errors.ContainsKey("reason")) errors["reason"] = ["Say why the record is erased"];
        Input.ThrowIfAny(errors);
        audit.Declare(AuditAction.Erasure, kind, $"{justification}: {why}", [.. Kinds.Where(k => k != kind)]);
        return await work.RunAsync(kind, async ct =>
        {
            var row = await db.Subjects.SingleOrDefaultAsync(s => s.Reference == wanted && s.Kind == kind, ct)
                ?? throw new NotFoundException($"No {Records.Words(kind)} has this reference.");
            var subjects = new List<Subject> { row };
            if (row is Children.Child child)
            {
                var ids = await db.Children.Where(c => c.Id == child.Id || c.MergedIntoId == child.Id).Select(c => c.Id).ToListAsync(ct);
                subjects.AddRange(await db.Children.Where(c => c.MergedIntoId == child.Id).ToListAsync(ct));
                subjects.AddRange(await db.Notices.Where(n => ids.Contains(n.ChildId)).ToListAsync(ct));
                subjects.AddRange(await db.MissingEpisodes.Where(m => ids.Contains(m.ChildId)).ToListAsync(ct));
                subjects.AddRange(await db.Incidents.Where(i => i.Children.Any(l => ids.Contains(l.ChildId))).ToListAsync(ct));
            }
            var redacted = 0;
            foreach (var subject in subjects)
            {
                foreach (var e in await db.Events.Where(e => e.SubjectId == subject.Id).ToListAsync(ct))
                {
                    var before = EventCodec.Read(subject.Kind, e);
                    var after = Erasure.Redact(before);
                    if (after == before) continue;
                    e.Data = EventCodec.Write(subject.Kind, after);
                    e.Reason = after.Reason;
                    redacted++;
                }
                subject.ErasedAt = clock.GetCurrentInstant();
                if (subject is Children.Child c)
                    (c.Name, c.DateOfBirth, c.School, c.ChildProtectionPlan, c.LookedAfter, c.ExploitationRisk) = (null, null, null, false, false, false);
                audit.Touch(subject.Kind, subject.Reference, author, created: false);
            }
            // What each share says was shared is kept beside the share too (the partner's view): it goes as well.
            var noticeIds = subjects.OfType<Notices.Notice>().Select(n => n.Id).ToList();
            foreach (var share in await db.NoticeShares.Where(s => noticeIds.Contains(s.NoticeId)).ToListAsync(ct)) share.What = Erasure.Erased;
            // Case-file auditors' notes on these records say what the records said: they go too; the grades stay.
            await Inspection.CaseAudits.EraseNotesAsync(db, [.. subjects.Select(s => (s.Kind, s.Reference))], ct);
            return new ErasureResult(row.Reference, noticeIds.Count, subjects.OfType<Missing.MissingEpisode>().Count(), subjects.OfType<Incidents.Incident>().Count(), redacted);
        }, cancellationToken);
    }
}
