using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Clocks;

/// <summary>
/// Fires every escalation step due at "now" on every open clock in the ledger, whatever its subject: appends an
/// <c>escalated</c> event to the clock's subject, notifies the recipient (a notification tied to the clock, so it
/// closes itself when the clock stops) and records the step on the clock. Idempotent: a step fires once, whoever runs it
/// and however often. On PostgreSQL the due clocks are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several instances
/// share the work and never fire a step twice; the subject's optimistic-concurrency version is the backstop everywhere.
/// </summary>
public sealed class EscalateDueClocks(AppDbContext db, SubjectStore store, PolicyVersions policies, ChangeSignal changes, IClock clock, ILogger<EscalateDueClocks> logger)
{
    public const string Author = "clock-engine";
    private const int BatchSize = 200;

    /// <summary>
    /// Fires what is due at <paramref name="now"/>, and what falls due while it works: each batch is judged, and its
    /// events and notifications recorded, at the instant the batch is written (read from the clock, never earlier than
    /// <paramref name="now"/>), so a burst's later escalations say when they really happened. Returns how many steps fired.
    /// </summary>
    public async Task<int> RunAsync(Instant now, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (true)
        {
            var at = clock.GetCurrentInstant();
            var (claimed, count) = await RunBatchAsync(at > now ? at : now, cancellationToken);
            fired += count;
            if (claimed < BatchSize) return fired;
        }
    }

    /// <summary>The earliest instant any clock next needs the engine, or null when none does.</summary>
    public Task<Instant?> NextAsync(CancellationToken cancellationToken = default) =>
        db.Clocks.AsNoTracking().Where(c => c.NextEscalationAt != null).MinAsync(c => c.NextEscalationAt, cancellationToken);

    private async Task<(int Claimed, int Fired)> RunBatchAsync(Instant now, CancellationToken cancellationToken)
    {
        // "now" is this batch's instant: what is due at it fires, and everything written says it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var clocks = await ClaimAsync(now, cancellationToken);
        var subjectIds = clocks.Select(c => c.SubjectId).Distinct().ToList();
        var heads = await db.Subjects.AsNoTracking().Where(s => subjectIds.Contains(s.Id))
            .Select(s => new SubjectHead(s.Id, s.Kind, s.Reference, s.EventCount, s.Version)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var batch = new Batch(now);
        foreach (var row in clocks)
        {
            var policy = policies.For(row.PolicyVersionId);
            var entry = row.ToEntry();
            if (policy.ChainFor(row.Kind) is { } chain)
            {
                var subject = heads[row.SubjectId];
                foreach (var (step, at) in chain.Due(entry, EscalationPolicy.Fired(row.FiredSteps), row.KnownSince, now, policy.CatchUpFor(row.Kind)))
                {
                    batch.Fire(subject, row, new ClockEscalated(at, Author, row.Kind, row.Cycle, step.Name, step.Recipient), Subject(step, row.Kind, entry));
                    row.FiredSteps = EscalationPolicy.WithFired(row.FiredSteps, step.Name);
                }
            }
            store.Ledger.Schedule(row, now);
            if (row.NextEscalationAt is { } next && next <= now)
            {
                logger.LogError("Clock {Id} stays due at {Next} after escalation; parking it", row.Id, next);
                row.NextEscalationAt = null;
            }
        }
        try
        {
            if (!await batch.WriteAsync(db, clocks, cancellationToken))
            {
                // Another writer changed one of these subjects first (an officer's event, or another instance where row
                // locks are not taken); its work stands and this batch's is dropped, so each step still fires once. The
                // next pass sees the new state.
                await transaction.RollbackAsync(cancellationToken);
                return (clocks.Count, 0);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.Translate(e, "clock") is RuleException { IsConflict: true })
        {
            await transaction.RollbackAsync(cancellationToken);
            return (clocks.Count, 0);
        }
        if (batch.Fired > 0)
        {
            logger.LogInformation("Fired {Steps} escalation steps on {Clocks} clocks", batch.Fired, clocks.Count);
            changes.Notify(); // the boards and the notification dispatcher look at once
        }
        return (clocks.Count, batch.Fired);
    }

    /// <summary>What the engine needs of a subject: where its history ends and the version that guards it.</summary>
    private sealed record SubjectHead(long Id, string Kind, string Reference, int EventCount, int Version);

    /// <summary>
    /// One batch's writes, set-based: one statement moves every touched subject's history on (guarded by its version),
    /// one inserts every escalated event, one every notification, one reschedules every claimed clock — whatever the
    /// batch's size. The same SQL on both providers; only how an instant is stored differs.
    /// </summary>
    private sealed class Batch(Instant now)
    {
        private readonly List<(SubjectHead Subject, EventRecord Row)> _events = [];
        private readonly List<(ClockRecord Clock, SubjectHead Subject, ClockEscalated Event, string Text)> _notifications = [];
        private readonly Dictionary<long, int> _added = [];

        public int Fired => _events.Count;

        public void Fire(SubjectHead subject, ClockRecord clock, ClockEscalated e, string text)
        {
            var added = _added.GetValueOrDefault(subject.Id) + 1;
            _added[subject.Id] = added;
            _events.Add((subject, SubjectStore.RowOf(subject.Kind, subject.EventCount + added, e, now, change: null)));
            _notifications.Add((clock, subject, e, text));
        }

        /// <summary>Writes the batch; false when a subject's version moved meanwhile (nothing of it may stand).</summary>
        public async Task<bool> WriteAsync(AppDbContext db, List<ClockRecord> clocks, CancellationToken cancellationToken)
        {
            var sql = new SetSql(db);
            if (_added.Count > 0)
            {
                var heads = _events.Select(e => e.Subject).DistinctBy(s => s.Id).ToList();
                var moved = await sql.ExecuteAsync(
                    """
                    WITH v ("Id", "Version", "Added") AS (VALUES {0})
                    UPDATE subjects SET "EventCount" = subjects."EventCount" + v."Added", "Version" = subjects."Version" + 1
                    FROM v WHERE subjects."Id" = v."Id" AND subjects."Version" = v."Version"
                    """,
                    heads.Select(h => new object?[] { h.Id, h.Version, _added[h.Id] }), [SetSql.Id, SetSql.Count, SetSql.Count], cancellationToken);
                if (moved != heads.Count) return false;
                await sql.ExecuteAsync(
                    """
                    INSERT INTO events ("SubjectId", "Sequence", "Kind", "At", "RecordedAt", "Author", "Reason", "Data") VALUES {0}
                    """,
                    _events.Select(e => new object?[] { e.Subject.Id, e.Row.Sequence, e.Row.Kind, e.Row.At, e.Row.RecordedAt, e.Row.Author, e.Row.Reason, e.Row.Data }),
                    [SetSql.Id, SetSql.Count, SetSql.Text, SetSql.Instant, SetSql.Instant, SetSql.Text, SetSql.Text, SetSql.Text], cancellationToken);
                await sql.ExecuteAsync(
                    """
                    INSERT INTO notifications ("Recipient", "Kind", "Reference", "Subject", "CreatedAt", "DueAt", "ClockId") VALUES {0}
                    """,
                    _notifications.Select(n => new object?[] { n.Event.Recipient, n.Subject.Kind, n.Subject.Reference, n.Text, now, n.Event.At, n.Clock.Id }),
                    [SetSql.Text, SetSql.Text, SetSql.Text, SetSql.Text, SetSql.Instant, SetSql.Instant, SetSql.Id], cancellationToken);
            }
            if (clocks.Count > 0)
                await sql.ExecuteAsync(
                    """
                    WITH v ("Id", "FiredSteps", "NextEscalationAt") AS (VALUES {0})
                    UPDATE clocks SET "FiredSteps" = v."FiredSteps", "NextEscalationAt" = v."NextEscalationAt" FROM v WHERE clocks."Id" = v."Id"
                    """,
                    clocks.Select(c => new object?[] { c.Id, c.FiredSteps, c.NextEscalationAt }), [SetSql.Id, SetSql.Text, SetSql.Instant], cancellationToken);
            return true;
        }
    }

    /// <summary>Claims the next due clocks: on PostgreSQL locked for this transaction and skipped by other instances; elsewhere read, with the subjects' versions as the guard.</summary>
    private async Task<List<ClockRecord>> ClaimAsync(Instant now, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
            return await db.Clocks.FromSql($"""SELECT * FROM clocks WHERE "NextEscalationAt" <= {now} ORDER BY "NextEscalationAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                .AsNoTracking().ToListAsync(cancellationToken);
        return await db.Clocks.AsNoTracking().Where(c => c.NextEscalationAt <= now).OrderBy(c => c.NextEscalationAt).Take(BatchSize).ToListAsync(cancellationToken);
    }

    /// <summary>What the notification says when it is sent: the clock and how it stood. References only, never personal data.</summary>
    public static string Subject(EscalationStep step, ClockKind kind, ClockEntry clock)
    {
        var what = kind.Title();
        return step.Trigger switch
        {
            EscalationTrigger.Warning => $"{what} due within {ClockStates.Span(clock.Due - clock.WarningAt)}",
            EscalationTrigger.Breach when step.After == Duration.Zero => $"{what} target missed",
            EscalationTrigger.Breach => $"{what} target missed {ClockStates.Span(step.After)} ago and still not done",
        };
    }
}
