using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Missing;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Children;

namespace Safeguard.App.Children;

public sealed record MergeResult(string Duplicate, string Kept, int Notices, int Episodes, int Incidents);

/// <summary>
/// Merges a duplicate child record into the one kept (two records made for one child — the same name under two
/// references splits the repeat-missing and escalating-concern counts). From then on the duplicate's reference stands
/// for the kept child wherever it is named (the store resolves it, so a later file or call naming it lands on the kept
/// record too): every notice, missing episode and incident naming it is the kept child's, with its clocks; the kept
/// child's details gain what only the duplicate had (flags are kept if either had them); their chronology shows both
/// histories; both flags are worked out again over all the records. The duplicate's own history stays, read-only.
/// Recorded in the s.62 log (combination) with the reason, for both records.
/// </summary>
public sealed class ChildMerging(SubjectStore store, UnitOfWork work, Audit.AuditScope audit, ChildModel model, NoticeModel notices, EpisodeModel episodes,
    IncidentModel incidents, Retention.RecordRetention retention, NodaTime.IClock clock)
{
    public async Task<MergeResult> MergeAsync(string? duplicate, string? into, string? reason, string author, string justification, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Input.Reference(duplicate, "duplicate", errors);
        var kept = Input.Reference(into, "into", errors);
        var why = Input.Text(reason, "reason", errors, Child.MaxReasonLength);
        if (why is null && !errors.ContainsKey("reason")) errors["reason"] = ["Say why the records are the same child"];
        if (from is not null && from == kept) errors["into"] = ["Name another child's record to merge into"];
        Input.ThrowIfAny(errors);
        audit.Declare(AuditAction.Combination, Records.Child, $"{justification}: merged {from} into {kept}: {why}", Records.Notice, Records.Missing, Records.Incident);
        return await work.RunAsync("child", async ct =>
        {
            var db = store.Db;
            var dup = await store.FindAsync(model, from!, ct) ?? throw new NotFoundException("No child has the duplicate's reference.");
            var keep = await store.FindAsync(model, kept!, ct) ?? throw new RuleException("No child has the reference to merge into.", isConflict: false);
            if (dup.Subject.MergedIntoId is not null) throw new RuleException("The duplicate is already merged into another record.", isConflict: true);
            if (keep.Subject.MergedIntoId is not null) throw new RuleException("The record to merge into is itself merged into another: merge into that one.", isConflict: false);
            if (dup.Subject.RestrictedAt is not null || keep.Subject.RestrictedAt is not null)
                throw new RuleException("A restricted record cannot be merged: lift the restriction first.", isConflict: true);
            var now = clock.GetCurrentInstant();

            // What only the duplicate recorded comes to the kept record; a flag either had stays.
            var (a, b) = (keep.Subject.ToDetails(), dup.Subject.ToDetails());
            var details = new ChildDetails(a.Name ?? b.Name, a.DateOfBirth ?? b.DateOfBirth, a.School ?? b.School, a.ChildProtectionPlan || b.ChildProtectionPlan,
                a.LookedAfter || b.LookedAfter, a.ExploitationRisk || b.ExploitationRisk);
            if (details != a) await store.RecordAsync(model, keep, new ChildDetailsRecorded(now, author, details), now, ct);

            var dupId = dup.Subject.Id;
            dup.Subject.MergedIntoId = keep.Subject.Id;
            dup.Subject.MergedAt = now;
            // Records merged into the duplicate before now follow it to the kept one.
            foreach (var earlier in await db.Children.Where(c => c.MergedIntoId == dupId).ToListAsync(ct)) earlier.MergedIntoId = keep.Subject.Id;
            audit.Touch(Records.Child, dup.Subject.Reference, author, created: false);

            // Every record naming the duplicate is projected again: its child, its clocks' child and its retention are the kept child's now.
            var noticeRefs = await db.Notices.Where(n => n.ChildId == dupId).Select(n => n.Reference).ToListAsync(ct);
            var episodeRefs = await db.MissingEpisodes.Where(m => m.ChildId == dupId).Select(m => m.Reference).ToListAsync(ct);
            var incidentRefs = await db.Incidents.Where(i => i.Children.Any(l => l.ChildId == dupId)).Select(i => i.Reference).ToListAsync(ct);
            foreach (var n in (await store.FindManyAsync(notices, noticeRefs, ct)).Values) await RefreshAsync(store, notices, n, Records.Notice);
            foreach (var m in (await store.FindManyAsync(episodes, episodeRefs, ct)).Values) await RefreshAsync(store, episodes, m, Records.Missing);
            foreach (var i in (await store.FindManyAsync(incidents, incidentRefs, ct)).Values)
            {
                // The link to the duplicate goes; the projection links the kept child in its place.
                i.Subject.Children.RemoveAll(l => l.ChildId == dupId);
                await RefreshAsync(store, incidents, i, Records.Incident);
            }
            await db.SaveChangesAsync(ct);
            await ChildRecords.FlagRepeatMissingAsync(db, [dupId, keep.Subject.Id], store.Policy.Missing, ct);
            await ChildRecords.FlagEscalatingConcernAsync(db, [dupId, keep.Subject.Id], store.Policy.Notices, ct);
            await retention.ReviewRecordsOfAsync(db, keep.Subject, ct); // the flags it may have gained decide their groups
            audit.Touch(Records.Child, keep.Subject.Reference, author, created: false);
            return new MergeResult(dup.Subject.Reference, keep.Subject.Reference, noticeRefs.Count, episodeRefs.Count, incidentRefs.Count);

            async Task RefreshAsync<TSubject, TState>(SubjectStore s, Subjects.SubjectModel<TSubject, TState> m, Loaded<TSubject, TState> loaded, string kind)
                where TSubject : Subject where TState : class
            {
                await s.RefreshAsync(m, loaded, author, now, ct);
                audit.Touch(kind, loaded.Subject.Reference, author, created: false);
            }
        }, cancellationToken);
    }
}
