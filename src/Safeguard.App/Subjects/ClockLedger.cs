using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

/// <summary>
/// The projector of the ledger: after every event it makes a subject's ledger rows say exactly what the domain
/// derives — one row per (kind, cycle), each under the policy version it started with; a new row under the version in
/// force. A row that stops closes its notifications; a row the domain no longer derives is removed (its notifications
/// closed). Only the store calls it, inside the unit of work, so the ledger commits with the event or not at all.
/// </summary>
public sealed class ClockLedger(AppDbContext db, PolicyVersions policies)
{
    public async Task SyncAsync(Subject subject, Func<SafeguardPolicy, IReadOnlyList<Obligation>> derive, IReadOnlyDictionary<string, Child> children,
        string author, Instant now, CancellationToken cancellationToken)
    {
        var currentVersion = policies.CurrentId;
        var byVersion = new Dictionary<long, Dictionary<(ClockKind, int), Obligation>>();
        Dictionary<(ClockKind, int), Obligation> Derived(long version)
        {
            if (!byVersion.TryGetValue(version, out var derived))
                byVersion[version] = derived = derive(policies.For(version)).ToDictionary(o => (o.Clock.Kind, o.Cycle));
            return derived;
        }

        var closing = new List<long>();
        foreach (var row in subject.Clocks.ToList())
        {
            if (Derived(row.PolicyVersionId).TryGetValue((row.Kind, row.Cycle), out var obligation))
            {
                if (Write(row, obligation, children, author, now) && row.Id != 0) closing.Add(row.Id);
                continue;
            }
            // The subject no longer owes this (a regrade to a grade without a clock, a notice no longer about the incident).
            subject.Clocks.Remove(row);
            db.Clocks.Remove(row);
            if (row.Id != 0) closing.Add(row.Id);
        }
        var existing = subject.Clocks.Select(r => (r.Kind, r.Cycle)).ToHashSet();
        foreach (var (key, obligation) in Derived(currentVersion))
        {
            if (existing.Contains(key)) continue;
            var row = new ClockRecord { Subject = subject, Kind = key.Item1, Cycle = key.Item2, PolicyVersionId = currentVersion, KnownSince = now, State = ClockRecord.Open };
            subject.Clocks.Add(row);
            Write(row, obligation, children, author, now);
        }
        if (closing.Count > 0)
        {
            await db.Notifications.Where(n => n.ClockId != null && closing.Contains(n.ClockId.Value) && n.ClosedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.ClosedAt, now), cancellationToken);
        }
    }

    /// <summary>Writes a row from the domain's clock; true when the row has just stopped running.</summary>
    private bool Write(ClockRecord row, Obligation obligation, IReadOnlyDictionary<string, Child> children, string author, Instant now)
    {
        var entry = obligation.Clock.Entry();
        var wasOpen = row.State == ClockRecord.Open;
        row.StartAt = entry.Start;
        row.Target = entry.Target;
        row.WarningAt = entry.WarningAt;
        row.DueAt = entry.Due;
        row.StoppedAt = entry.StoppedAt;
        row.EndedAt = entry.EndedAt;
        row.WithdrawnAt = entry.WithdrawnAt;
        row.PausedSince = entry.PausedSince;
        row.ClosedAt = entry.ClosedAt;
        row.State = entry.Settled is { } settled ? ClockStates.Name(settled) : ClockRecord.Open;
        var closed = row.ClosedAt is not null;
        if (!closed) row.StoppedBy = null;
        else if (wasOpen) row.StoppedBy = author;
        row.Child = obligation.Child is { } child ? children[child] : null;
        if (row.Child is null) row.ChildId = null;
        Schedule(row, now);
        return wasOpen && closed;
    }

    /// <summary>When the engine must next look at the row, judged at <paramref name="now"/>, from its chain under its own policy version.</summary>
    public void Schedule(ClockRecord row, Instant now)
    {
        var policy = policies.For(row.PolicyVersionId);
        row.NextEscalationAt = policy.ChainFor(row.Kind)?.Next(row.ToEntry(), EscalationPolicy.Fired(row.FiredSteps), row.KnownSince, now, policy.CatchUpFor(row.Kind));
    }
}
