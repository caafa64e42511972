using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Audit;

namespace Safeguard.App.Audit;

public sealed record AuditView(long Sequence, Instant At, string Who, string Action, string Subject, string Reference, string Justification);

/// <summary>
/// The DPA 2018 s.62 log: append-only and hash-chained. Each entry takes the next sequence number, which is unique, so
/// two writers can never fork the chain — the loser of a race reads the new end and tries again. Entries are written
/// through a database context of their own, so a caller's unsaved changes are never swept into the log's transaction.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes, IClock clock)
{
    private const int Attempts = 20;

    public async Task RecordAsync(string who, AuditAction action, string subject, string reference, string justification, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var attempt = 1; ; attempt++)
        {
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var facts = new AuditFacts((last?.Sequence ?? 0) + 1, Microseconds(clock.GetCurrentInstant()), Clip(who, 256), action, subject, Clip(reference, 64), Clip(justification, 500));
            var previous = last?.Hash ?? AuditChain.Genesis;
            var entry = new AuditEntry
            {
                Sequence = facts.Sequence,
                At = facts.At,
                Who = facts.Who,
                Action = action.ToString(),
                Subject = subject,
                Reference = facts.Reference,
                Justification = facts.Justification,
                PreviousHash = previous,
                Hash = AuditChain.Hash(previous, facts),
            };
            db.AuditEntries.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear(); // another writer took this sequence number first
            }
        }
    }

    /// <summary>The entries about one record, newest first.</summary>
    public async Task<IReadOnlyList<AuditView>> ForAsync(string subject, string reference, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Subject == subject && e.Reference == reference).OrderByDescending(e => e.Sequence).Take(limit)
            .Select(e => new AuditView(e.Sequence, e.At, e.Who, e.Action, e.Subject, e.Reference, e.Justification)).ToListAsync(cancellationToken);
    }

    /// <summary>Walks the whole chain in sequence order; returns how many entries were checked and the first break, if any.</summary>
    public async Task<(long Checked, (long Sequence, string Problem)? Break)> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var check = new AuditChainCheck();
        long count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            // An action name that is not one of s.62's cannot have been written by Safeguard.
            if (!Enum.TryParse<AuditAction>(e.Action, out var action) || action.ToString() != e.Action) return (count, (e.Sequence, "its action was changed after it was written"));
            var facts = new AuditFacts(e.Sequence, e.At, e.Who, action, e.Subject, e.Reference, e.Justification);
            if (check.Next(facts, e.PreviousHash, e.Hash) is { } problem) return (count, (e.Sequence, problem));
        }
        return (count, null);
    }

    /// <summary>The instant as the database keeps it (PostgreSQL to the microsecond), so the hash is of what is stored.</summary>
    private static Instant Microseconds(Instant at) => Instant.FromUnixTimeTicks(at.ToUnixTimeTicks() - (at.ToUnixTimeTicks() % 10));

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
