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
        var subjects = await db.Subjects.Where(s => subjectIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var fired = 0;
        foreach (var row in clocks)
        {
            var policy = policies.For(row.PolicyVersionId);
            var entry = row.ToEntry();
            if (policy.ChainFor(row.Kind) is { } chain)
            {
                var subject = subjects[row.SubjectId];
                foreach (var (step, at) in chain.Due(entry, EscalationPolicy.Fired(row.FiredSteps), row.KnownSince, now, policy.CatchUpFor(row.Kind)))
                {
                    store.AppendUnchanged(subject, new ClockEscalated(at, Author, row.Kind, row.Cycle, step.Name, step.Recipient), now);
                    row.FiredSteps = EscalationPolicy.WithFired(row.FiredSteps, step.Name);
                    db.Notifications.Add(new Notification
                    {
                        Recipient = step.Recipient,
                        Kind = subject.Kind,
                        Reference = subject.Reference,
                        Subject = Subject(step, row.Kind, entry),
                        CreatedAt = now,
                        DueAt = at,
                        ClockId = row.Id,
                    });
                    fired++;
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
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.Translate(e, "clock") is RuleException { IsConflict: true })
        {
            // Another writer changed one of these subjects first (an officer's event, or another instance where row
            // locks are not taken); its work stands and this batch's is dropped, so each step still fires once. The
            // next pass sees the new state.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (clocks.Count, 0);
        }
        db.ChangeTracker.Clear();
        if (fired > 0)
        {
            logger.LogInformation("Fired {Steps} escalation steps on {Clocks} clocks", fired, clocks.Count);
            changes.Notify(); // the boards and the notification dispatcher look at once
        }
        return (clocks.Count, fired);
    }

    /// <summary>Claims the next due clocks: on PostgreSQL locked for this transaction and skipped by other instances; elsewhere read, with the subjects' versions as the guard.</summary>
    private async Task<List<ClockRecord>> ClaimAsync(Instant now, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
            return await db.Clocks.FromSql($"""SELECT * FROM clocks WHERE "NextEscalationAt" <= {now} ORDER BY "NextEscalationAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                .ToListAsync(cancellationToken);
        return await db.Clocks.Where(c => c.NextEscalationAt <= now).OrderBy(c => c.NextEscalationAt).Take(BatchSize).ToListAsync(cancellationToken);
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
