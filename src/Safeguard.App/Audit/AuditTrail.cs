using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Audit;

namespace Safeguard.App.Audit;

public sealed record AuditView(long Sequence, Instant At, string Who, string Action, string Subject, string Reference, string Justification);

/// <summary>What the auditor searches the log for; each part left null matches every entry.</summary>
public sealed record AuditSearch(string? Who = null, string? Subject = null, string? Reference = null, AuditAction? Action = null, Instant? From = null, Instant? To = null);

/// <summary>
/// What <see cref="AuditTrail.VerifyAsync"/> found: how many entries it read, the first break in the chain, and (up to
/// 20) events no entry accounts for, and the head last anchored outside the database, which the chain reached. The log
/// is whole when there is neither a break nor an event unaccounted for.
/// </summary>
public sealed record AuditVerification(long Entries, (long Sequence, string Problem)? Break, IReadOnlyList<string> Unaccounted, AuditHead? Anchor = null)
{
    public bool Whole => Break is null && Unaccounted.Count == 0;
}

/// <summary>
/// The DPA 2018 s.62 log: append-only and hash-chained. Writers are serialised — on PostgreSQL by a transaction-scoped
/// advisory lock taken just before the entries are written, on SQLite by its single writer (Safeguard's transactions
/// begin IMMEDIATE) — so each entry follows the committed end of the chain and the sequence never collides. A change's
/// entries are written in the change's own transaction (<see cref="AppendAsync"/>); a consultation's by the group
/// committer (<see cref="RecordAsync"/>). Neither is cancelled by a caller who has gone: once the use has happened it is
/// logged.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes, IClock clock, AuditOptions options, AuditAnchor anchor) : IAsyncDisposable, IDisposable
{
    /// <summary>The advisory lock key the chain's writers take on PostgreSQL ("s62log" in ASCII).</summary>
    private const long ChainLock = 0x7336326C6F67;

    /// <summary>The most consultations one commit writes.</summary>
    private const int MaxGroup = 512;

    private readonly System.Threading.Channels.Channel<(AuditRecord Record, TaskCompletionSource Written)> _consultations =
        System.Threading.Channels.Channel.CreateUnbounded<(AuditRecord, TaskCompletionSource)>(new() { SingleReader = true });

    private readonly Lock _starting = new();
    private Task? _committer;

    /// <summary>
    /// Logs a use that changes nothing (a consultation). It returns once the entry is committed — durable before the
    /// answer is sent — but many callers' entries share a commit: while one group is being written the next gathers,
    /// so a busy API pays for one transaction per group rather than one per request. If the group's commit fails, each
    /// of its entries is tried alone, so one entry the database refuses fails only its own caller; when the database cannot be had, each caller is told.
    /// </summary>
    public Task RecordAsync(string who, AuditAction action, string subject, string reference, string justification, CancellationToken cancellationToken = default)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_consultations.Writer.TryWrite((new AuditRecord(who, action, subject, reference, justification), written)))
            throw new ObjectDisposedException(nameof(AuditTrail), "The s.62 log is closed: the application is stopping.");
        lock (_starting) _committer ??= Task.Run(CommitGroupsAsync, CancellationToken.None);
        return written.Task;
    }

    private async Task CommitGroupsAsync()
    {
        var group = new List<(AuditRecord Record, TaskCompletionSource Written)>(MaxGroup);
        while (await _consultations.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _consultations.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                await CommitAsync([.. group.Select(g => g.Record)]);
                foreach (var (_, written) in group) written.TrySetResult();
            }
            catch (DbUpdateException e) when (group.Count > 1 && !Subjects.DatabaseErrors.IsUnavailable(e))
            {
                // The database refused a row (not an outage, which fails every entry alike): find whose.
                await CommitEachAsync(group);
            }
            catch (Exception e)
            {
                foreach (var (_, written) in group) written.TrySetException(e);
            }
        }
    }

    /// <summary>A refused group's entries one by one; the database going away midway fails the rest at once, not one timeout each.</summary>
    private async Task CommitEachAsync(List<(AuditRecord Record, TaskCompletionSource Written)> group)
    {
        Exception? unavailable = null;
        foreach (var (record, written) in group)
        {
            if (unavailable is not null)
            {
                written.TrySetException(unavailable);
                continue;
            }
            try
            {
                await CommitAsync([record]);
                written.TrySetResult();
            }
            catch (Exception alone)
            {
                if (Subjects.DatabaseErrors.IsUnavailable(alone)) unavailable = alone;
                written.TrySetException(alone);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<AuditRecord> entries)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await AppendAsync(db, entries);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Stops taking consultations. The host has stopped serving by then, so no caller is left waiting for one.</summary>
    public void Dispose() => _consultations.Writer.TryComplete();

    /// <summary>
    /// Stops taking consultations and waits for the committer to finish: by then the host has drained its requests, so
    /// nothing is waiting; an entry that still was would fail (the container is going) rather than go unlogged.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _consultations.Writer.TryComplete();
        Task? committer;
        lock (_starting) committer = _committer;
        if (committer is not null) await committer;
    }

    /// <summary>
    /// Writes <paramref name="entries"/> at the end of the chain inside the caller's open transaction, so they commit
    /// with the change they describe or not at all. The caller's other changes must be saved first: the chain's lock
    /// is then held only for these few rows, and no writer waiting on a row this transaction holds can hold it.
    /// </summary>
    public async Task AppendAsync(AppDbContext db, IReadOnlyList<AuditRecord> entries)
    {
        if (entries.Count == 0) return;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("The s.62 log is written inside the change's transaction.");
        if (db is PostgresAppDbContext) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", CancellationToken.None);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(CancellationToken.None);
        var (sequence, previous) = (last?.Sequence ?? 0, last?.Hash ?? AuditChain.Genesis);
        var at = Microseconds(clock.GetCurrentInstant());
        foreach (var r in entries)
        {
            var facts = new AuditFacts(++sequence, at, Clip(r.Who, 256), r.Action, r.Subject, Clip(r.Reference, 64), Clip(r.Justification, 500), r.Change);
            var hash = AuditChain.Hash(options.Key, previous, facts);
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = facts.Sequence,
                At = facts.At,
                Who = facts.Who,
                Action = r.Action.ToString(),
                Subject = r.Subject,
                Reference = facts.Reference,
                Justification = facts.Justification,
                Change = r.Change,
                PreviousHash = previous,
                Hash = hash,
            });
            previous = hash;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The subject of an import's entry; its reference is the file's name.</summary>
    public const string ImportSubject = "import";

    /// <summary>
    /// The entries about one record, newest first: its own, and those of the imports that wrote to it. An import's entry
    /// says, for this record, which file and line it came from and what the import did with it (the record's own event
    /// of that import: "imported from line 3", "re-imported from line 9; changed grade").
    /// </summary>
    public async Task<IReadOnlyList<AuditView>> ForAsync(string subject, string reference, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var imports = from s in db.Set<Subjects.Subject>()
                      where s.Kind == subject && s.Reference == reference
                      from e in s.Events
                      where e.Change != null
                      select e.Change;
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => (e.Subject == subject && e.Reference == reference) || (e.Subject == ImportSubject && imports.Contains(e.Change)))
            .OrderByDescending(e => e.Sequence).Take(limit)
            .Select(e => new { View = new AuditView(e.Sequence, e.At, e.Who, e.Action, e.Subject, e.Reference, e.Justification), e.Change }).ToListAsync(cancellationToken);
        var byImport = entries.Where(e => e.View.Subject == ImportSubject && e.Change is not null).Select(e => e.Change).ToList();
        if (byImport.Count == 0) return [.. entries.Select(e => e.View)];
        var what = (await (from s in db.Set<Subjects.Subject>()
                           where s.Kind == subject && s.Reference == reference
                           from e in s.Events
                           where byImport.Contains(e.Change)
                           orderby e.Sequence
                           select new { e.Change, e.Reason }).ToListAsync(cancellationToken))
            .GroupBy(e => e.Change).ToDictionary(g => g.Key!.Value, g => string.Join("; ", g.Select(e => e.Reason).Where(r => !string.IsNullOrEmpty(r))));
        return [.. entries.Select(e => e.View.Subject == ImportSubject && e.Change is { } change && what.TryGetValue(change, out var done) && done.Length > 0
            ? e.View with { Justification = $"{done} of {e.View.Reference} (import {e.View.Sequence}): {e.View.Justification}" }
            : e.View)];
    }

    /// <summary>
    /// The auditor's search: entries by who (a part of the name), by kind of record and reference, and by period
    /// [from, to), newest first, a page at a time with the true total.
    /// </summary>
    public async Task<Subjects.Paged<AuditView>> SearchAsync(AuditSearch search, Subjects.PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var found = Search(db, search);
        var total = await found.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await found.OrderByDescending(e => e.Sequence).Skip(page.Skip).Take(page.Take)
            .Select(e => new AuditView(e.Sequence, e.At, e.Who, e.Action, e.Subject, e.Reference, e.Justification)).ToListAsync(cancellationToken);
        return new Subjects.Paged<AuditView>(rows, total, page.Number, page.Take);
    }

    /// <summary>Every entry the search finds, oldest first, streamed (for an export of any size).</summary>
    public async IAsyncEnumerable<AuditView> ExportAsync(AuditSearch search, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await foreach (var e in Search(db, search).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return new AuditView(e.Sequence, e.At, e.Who, e.Action, e.Subject, e.Reference, e.Justification);
    }

    private static IQueryable<AuditEntry> Search(AppDbContext db, AuditSearch search)
    {
        var found = db.AuditEntries.AsNoTracking();
        if (search.Who is { Length: > 0 } who) found = found.Where(e => e.Who.Contains(who));
        if (search.Subject is { Length: > 0 } subject) found = found.Where(e => e.Subject == subject);
        if (search.Reference is { Length: > 0 } reference) found = found.Where(e => e.Reference == reference);
        if (search.Action is { } action) found = found.Where(e => e.Action == action.ToString());
        if (search.From is { } from) found = found.Where(e => e.At >= from);
        if (search.To is { } to) found = found.Where(e => e.At < to);
        return found;
    }

    /// <summary>
    /// Walks the whole chain in sequence order and stops at the first break; then checks that every event a person or
    /// an import wrote is accounted for by an entry of its change, about its record (or the import).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var check = new AuditChainCheck(options.Key);
        var anchored = anchor.Last();
        long count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (anchored is not null && e.Sequence == anchored.Sequence && e.Hash != anchored.Hash)
                return new AuditVerification(count, (e.Sequence, $"it is not the entry anchored outside the database at {anchored.At}"), [], anchored);
            // An action name that is not one of s.62's cannot have been written by Safeguard.
            if (!Enum.TryParse<AuditAction>(e.Action, out var action) || action.ToString() != e.Action)
                return new AuditVerification(count, (e.Sequence, "its action was changed after it was written"), []);
            var facts = new AuditFacts(e.Sequence, e.At, e.Who, action, e.Subject, e.Reference, e.Justification, e.Change);
            if (check.Next(facts, e.PreviousHash, e.Hash) is { } problem) return new AuditVerification(count, (e.Sequence, problem), [], anchored);
        }
        // The newest entries, or all of them, deleted: the chain stops short of the head anchored outside the database.
        if (anchored is not null && count < anchored.Sequence)
            return new AuditVerification(count, (count + 1, $"entries {count + 1} to {anchored.Sequence} are missing: the log reached entry {anchored.Sequence} when it was anchored at {anchored.At}"), [], anchored);
        var escalated = Subjects.EventCodec.KindOf<Domain.Subjects.ClockEscalated>();
        var unaccounted = from s in db.Set<Subjects.Subject>()
                          from e in s.Events
                          where e.Kind != escalated
                                && (e.Change == null || !db.AuditEntries.Any(a => a.Change == e.Change
                                    && (a.Subject == ImportSubject || (a.Subject == s.Kind && a.Reference == s.Reference))))
                          orderby s.Kind, s.Reference, e.Sequence
                          select s.Kind + " " + s.Reference + " event " + e.Sequence;
        return new AuditVerification(count, null, await unaccounted.Take(20).ToListAsync(cancellationToken), anchored);
    }

    /// <summary>The instant as the database keeps it (PostgreSQL to the microsecond), so the hash is of what is stored.</summary>
    private static Instant Microseconds(Instant at) => Instant.FromUnixTimeTicks(at.ToUnixTimeTicks() - (at.ToUnixTimeTicks() % 10));

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
