using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Clocks;

/// <summary>
/// Fires every escalation step that is due at "now": appends an escalated event to the incident and notifies the
/// recipient. Idempotent: a step fires once, whoever runs it and however often. On PostgreSQL the rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several application instances share the work and never fire a step twice; the
/// incident's optimistic-concurrency version is the backstop on every provider.
/// </summary>
public sealed class EscalateDueClocks(AppDbContext db, PolicyVersions policies, ChangeSignal changes, ILogger<EscalateDueClocks> logger)
{
    public const string Author = "clock-engine";
    private const int BatchSize = 200;

    /// <summary>Fires what is due at <paramref name="now"/>; returns how many steps fired.</summary>
    public async Task<int> RunAsync(Instant now, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (true)
        {
            var (batch, count) = await RunBatchAsync(now, cancellationToken);
            fired += count;
            if (batch < BatchSize) return fired;
        }
    }

    /// <summary>The earliest instant any open clock next needs the engine, or null when none does.</summary>
    public Task<Instant?> NextAsync(CancellationToken cancellationToken = default) =>
        db.Incidents.AsNoTracking().Where(i => i.NextEscalationAt != null).MinAsync(i => i.NextEscalationAt, cancellationToken);

    private async Task<(int Batch, int Fired)> RunBatchAsync(Instant now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var incidents = await ClaimAsync(now, cancellationToken);
        var fired = 0;
        foreach (var incident in incidents)
        {
            var policy = policies.For(db, incident);
            var facts = incident.ToFacts();
            var clock = IncidentHistory.AttendanceClock(facts, policy);
            if (clock is not null)
            {
                foreach (var (step, at) in policy.Escalation.Due(clock, IncidentProjection.FiredSteps(incident), incident.RecordedAt, now, policy.EscalationCatchUp))
                {
                    IncidentProjection.Append(incident, new IncidentEscalated(at, Author, ClockKind.Attendance, step.Name, step.Recipient), facts, policy, now);
                    db.Notifications.Add(new Notification
                    {
                        Recipient = step.Recipient,
                        Reference = incident.Reference,
                        Subject = Subject(step, clock),
                        CreatedAt = now,
                        DueAt = at,
                    });
                    fired++;
                }
            }
            // Recompute from scratch: a policy change or a stopped clock can leave nothing more to do.
            IncidentProjection.Write(incident, facts, policy, now);
            if (incident.NextEscalationAt is { } next && next <= now)
            {
                logger.LogError("Incident {IncidentId} stays due at {Next} after escalation; parking it", incident.Id, next);
                incident.NextEscalationAt = null;
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance escalated one of these first (possible only where row locks are not taken); its work
            // stands and ours is dropped, so each step still fires once. The next pass sees the new state.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (incidents.Count, 0);
        }
        db.ChangeTracker.Clear();
        if (fired > 0)
        {
            logger.LogInformation("Fired {Steps} escalation steps on {Incidents} incidents", fired, incidents.Count);
            changes.Notify(); // the board and the notification dispatcher look at once
        }
        return (incidents.Count, fired);
    }

    private async Task<List<Incident>> ClaimAsync(Instant now, CancellationToken cancellationToken)
    {
        if (db is PostgresAppDbContext)
        {
            return await db.Incidents
                .FromSql($"""SELECT * FROM incidents WHERE "NextEscalationAt" <= {now} ORDER BY "NextEscalationAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                .ToListAsync(cancellationToken);
        }
        return await db.Incidents.Where(i => i.NextEscalationAt <= now).OrderBy(i => i.NextEscalationAt).Take(BatchSize)
            .ToListAsync(cancellationToken);
    }

    private static string Subject(EscalationStep step, Clock clock) => step.Trigger switch
    {
        EscalationTrigger.Warning => $"Attendance due within {Math.Ceiling((clock.Due - clock.WarningAt).TotalMinutes):0} minutes",
        EscalationTrigger.Breach when step.After == Duration.Zero => "Attendance target missed",
        EscalationTrigger.Breach => $"Attendance target missed {step.After.TotalMinutes:0} minutes ago and still not attended",
    };
}
