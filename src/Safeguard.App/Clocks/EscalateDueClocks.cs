using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Missing;
using Safeguard.App.Notices;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Clocks;

/// <summary>
/// Fires every escalation step that is due at "now" on every open clock — an incident's attendance and child-seen
/// clocks, a notice's MASH review, partner sharing and Operation Encompass clocks: appends an escalated event to the
/// subject and notifies the recipient. Idempotent: a step fires once, whoever runs it and however often. On
/// PostgreSQL the rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several application instances share the work
/// and never fire a step twice; the subject's optimistic-concurrency version is the backstop on every provider.
/// </summary>
public sealed class EscalateDueClocks(AppDbContext db, PolicyVersions policies, NoticePolicy noticePolicy, MissingPolicy missingPolicy, ChangeSignal changes,
    ILogger<EscalateDueClocks> logger)
{
    public const string Author = "clock-engine";
    private const int BatchSize = 200;

    /// <summary>Fires what is due at <paramref name="now"/>; returns how many steps fired.</summary>
    public async Task<int> RunAsync(Instant now, CancellationToken cancellationToken = default)
    {
        var fired = await RunAllAsync(now, (at, ct) => ClaimAsync<Incident>("incidents", at, ct), EscalateIncidentsAsync, cancellationToken);
        fired += await RunAllAsync(now, (at, ct) => ClaimAsync<Notice>("notices", at, ct), EscalateNoticesAsync, cancellationToken);
        return fired + await RunAllAsync(now, (at, ct) => ClaimAsync<MissingEpisode>("missing_episodes", at, ct), EscalateEpisodesAsync, cancellationToken);
    }

    /// <summary>The earliest instant any open clock next needs the engine, or null when none does.</summary>
    public async Task<Instant?> NextAsync(CancellationToken cancellationToken = default)
    {
        var next = new[]
        {
            await NextOfAsync(db.Incidents, cancellationToken), await NextOfAsync(db.Notices, cancellationToken), await NextOfAsync(db.MissingEpisodes, cancellationToken),
        };
        return next.Where(i => i is not null).Min();
    }

    private async Task<int> RunAllAsync<T>(Instant now, Func<Instant, CancellationToken, Task<List<T>>> claim,
        Func<List<T>, Instant, CancellationToken, Task<int>> escalate, CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var (batch, count) = await RunBatchAsync(now, claim, escalate, cancellationToken);
            fired += count;
            if (batch < BatchSize) return fired;
        }
    }

    private async Task<(int Batch, int Fired)> RunBatchAsync<T>(Instant now, Func<Instant, CancellationToken, Task<List<T>>> claim,
        Func<List<T>, Instant, CancellationToken, Task<int>> escalate, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subjects = await claim(now, cancellationToken);
        var fired = await escalate(subjects, now, cancellationToken);
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
            return (subjects.Count, 0);
        }
        db.ChangeTracker.Clear();
        if (fired > 0)
        {
            logger.LogInformation("Fired {Steps} escalation steps on {Subjects} {Kind}", fired, subjects.Count, typeof(T).Name);
            changes.Notify(); // the boards and the notification dispatcher look at once
        }
        return (subjects.Count, fired);
    }

    private Task<int> EscalateIncidentsAsync(List<Incident> incidents, Instant now, CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var incident in incidents)
        {
            var policy = policies.For(db, incident);
            var facts = incident.ToFacts();
            foreach (var (clock, step, at) in Escalations.Due(IncidentHistory.WatchedClocks(facts, policy), incident.EscalatedSteps, incident.RecordedAt, now, policy.EscalationCatchUp))
            {
                IncidentProjection.Append(incident, new IncidentEscalated(at, Author, clock.Kind, step.Name, step.Recipient), facts, policy, now);
                Notify(step, clock, Records.Incident, incident.Reference, now, at);
                fired++;
            }
            // Recompute from scratch: a policy change or a stopped clock can leave nothing more to do.
            IncidentProjection.Write(incident, facts, policy, now);
            incident.NextEscalationAt = Parked(incident.NextEscalationAt, now, "Incident", incident.Id);
        }
        return Task.FromResult(fired);
    }

    private async Task<int> EscalateNoticesAsync(List<Notice> notices, Instant now, CancellationToken cancellationToken)
    {
        var childIds = notices.Select(n => n.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.DateOfBirth }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var fired = 0;
        foreach (var notice in notices)
        {
            var child = children[notice.ChildId];
            var facts = NoticeProjection.Facts(notice, child.Reference);
            foreach (var (clock, step, at) in Escalations.Due(NoticeRules.WatchedClocks(facts, noticePolicy, child.DateOfBirth), notice.EscalatedSteps, notice.RecordedAt, now,
                         noticePolicy.EscalationCatchUp))
            {
                NoticeProjection.Append(notice, notice.ChildId, new NoticeEscalated(at, Author, clock.Kind, step.Name, step.Recipient), facts, noticePolicy, child.DateOfBirth, now);
                Notify(step, clock, Records.Notice, notice.Reference, now, at);
                fired++;
            }
            NoticeProjection.Schedule(notice, facts, noticePolicy, child.DateOfBirth, now);
            notice.NextEscalationAt = Parked(notice.NextEscalationAt, now, "Notice", notice.Id);
        }
        return fired;
    }

    private Task<int> EscalateEpisodesAsync(List<MissingEpisode> episodes, Instant now, CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var episode in episodes)
        {
            var state = EpisodeProjection.State(episode, "");
            foreach (var (clock, step, at) in Escalations.Due(EpisodeHistory.WatchedClocks(state, missingPolicy), episode.EscalatedSteps, episode.RecordedAt, now,
                         missingPolicy.EscalationCatchUp))
            {
                EpisodeProjection.Append(episode, episode.ChildId, new EpisodeEscalated(at, Author, clock.Kind, step.Name, step.Recipient), state, missingPolicy, now);
                Notify(step, clock, Records.Missing, episode.Reference, now, at);
                fired++;
            }
            EpisodeProjection.Schedule(episode, state, missingPolicy, now);
            episode.NextEscalationAt = Parked(episode.NextEscalationAt, now, "Missing episode", episode.Id);
        }
        return Task.FromResult(fired);
    }

    private void Notify(EscalationStep step, Clock clock, string kind, string reference, Instant now, Instant at) =>
        db.Notifications.Add(new Notification { Recipient = step.Recipient, Kind = kind, Reference = reference, Subject = Subject(step, clock), CreatedAt = now, DueAt = at });

    private Instant? Parked(Instant? next, Instant now, string kind, long id)
    {
        if (next is not { } n || n > now) return next;
        logger.LogError("{Kind} {Id} stays due at {Next} after escalation; parking it", kind, id, n);
        return null;
    }

    /// <summary>
    /// Claims the next due rows of one subject table: on PostgreSQL locked for this transaction and skipped by other
    /// instances; elsewhere read, with the optimistic version as the guard. <paramref name="table"/> is one of ours,
    /// never input.
    /// </summary>
    private async Task<List<T>> ClaimAsync<T>(string table, Instant now, CancellationToken cancellationToken) where T : class, IEscalated
    {
        if (db is PostgresAppDbContext)
        {
            var sql = "SELECT * FROM " + table + " WHERE \"NextEscalationAt\" <= {0} ORDER BY \"NextEscalationAt\" LIMIT " + BatchSize + " FOR UPDATE SKIP LOCKED";
            return await db.Set<T>().FromSqlRaw(sql, now).ToListAsync(cancellationToken);
        }
        return await db.Set<T>().Where(x => x.NextEscalationAt <= now).OrderBy(x => x.NextEscalationAt).Take(BatchSize).ToListAsync(cancellationToken);
    }

    private static Task<Instant?> NextOfAsync<T>(IQueryable<T> rows, CancellationToken cancellationToken) where T : class, IEscalated =>
        rows.AsNoTracking().Where(x => x.NextEscalationAt != null).MinAsync(x => x.NextEscalationAt, cancellationToken);

    /// <summary>What the notification says: the clock and how it stands. References only, never personal data.</summary>
    public static string Subject(EscalationStep step, Clock clock)
    {
        var what = clock.Kind.Title();
        return step.Trigger switch
        {
            EscalationTrigger.Warning => $"{what} due within {Within(clock.Due - clock.WarningAt)}",
            EscalationTrigger.Breach when step.After == Duration.Zero => $"{what} target missed",
            EscalationTrigger.Breach => $"{what} target missed {Within(step.After)} ago and still not done",
        };
    }

    private static string Within(Duration d) => d.TotalMinutes < 120 ? $"{Math.Ceiling(d.TotalMinutes):0} minutes" : $"{Math.Round(d.TotalHours, 1):0.#} hours";
}
