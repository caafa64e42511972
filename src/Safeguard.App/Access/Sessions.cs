using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

/// <summary>
/// A person's signed-in session, kept on the server: the cookie carries only <see cref="Key"/>. Signing out, being
/// disabled or having one's role changed deletes the row, so a copied cookie opens nothing afterwards.
/// <see cref="Ticket"/> is the serialised sign-in (claims and expiry), which holds no personal data beyond the user's
/// name and role.
/// </summary>
public sealed class Session
{
    public required string Key { get; set; }
    public required string UserId { get; set; }
    public required byte[] Ticket { get; set; }
    public Instant SignedInAt { get; set; }

    /// <summary>When the session ends if nothing renews it first (the idle timeout).</summary>
    public Instant IdleEndsAt { get; set; }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> e)
    {
        e.ToTable("sessions");
        e.HasKey(s => s.Key);
        e.Property(s => s.Key).HasMaxLength(64);
        e.Property(s => s.UserId).HasMaxLength(450);
        e.HasIndex(s => s.UserId);
        e.HasIndex(s => s.IdleEndsAt);
    }
}

/// <summary>
/// The limits on a session: it ends after <see cref="Idle"/> without a request and, however busy, <see cref="Absolute"/>
/// after signing in; the pages warn <see cref="Warning"/> before either.
/// </summary>
public sealed record SessionLimits(Duration Idle, Duration Absolute, Duration Warning)
{
    public static readonly SessionLimits Default = new(Duration.FromMinutes(30), Duration.FromHours(12), Duration.FromMinutes(2));

    /// <summary>The force's limits: <c>Accounts:IdleTimeoutMinutes</c> (30) and <c>Accounts:AbsoluteLimitHours</c> (12).</summary>
    public static SessionLimits From(Microsoft.Extensions.Configuration.IConfiguration configuration) => Default with
    {
        Idle = Duration.FromMinutes(Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Accounts:IdleTimeoutMinutes", Default.Idle.TotalMinutes)),
        Absolute = Duration.FromHours(Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Accounts:AbsoluteLimitHours", Default.Absolute.TotalHours)),
    };

    /// <summary>When a session signed in at <paramref name="signedInAt"/> and last renewed to <paramref name="idleEndsAt"/> ends.</summary>
    public Instant EndOf(Instant signedInAt, Instant idleEndsAt) => Instant.Min(signedInAt + Absolute, idleEndsAt);
}

/// <summary>Stores, finds, renews and ends sessions; ends all of a person's at once.</summary>
public sealed class Sessions(AppDbContext db, IClock clock, SessionLimits limits)
{
    public async Task<string> StartAsync(string userId, byte[] ticket, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.Sessions.Add(new Session { Key = key, UserId = userId, Ticket = ticket, SignedInAt = now, IdleEndsAt = now + limits.Idle });
        // Ended sessions are removed as new ones start, so the table holds only live ones.
        await db.Sessions.Where(s => s.IdleEndsAt < now || s.SignedInAt < now - limits.Absolute).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    /// <summary>The session's ticket and when it began, or null when it has ended (signed out, idle, past its absolute limit).</summary>
    public async Task<(byte[] Ticket, Instant SignedInAt, Instant EndsAt)?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (session is null) return null;
        var ends = limits.EndOf(session.SignedInAt, session.IdleEndsAt);
        return clock.GetCurrentInstant() < ends ? (session.Ticket, session.SignedInAt, ends) : null;
    }

    /// <summary>
    /// Renews the session for the idle time with its new ticket. A ticket for someone other than the session's person
    /// (a session kept across someone else's sign-in) ends the session instead: a session is never handed on.
    /// </summary>
    public async Task RenewAsync(string key, string userId, byte[] ticket, CancellationToken cancellationToken = default)
    {
        var idleEnds = clock.GetCurrentInstant() + limits.Idle;
        var renewed = await db.Sessions.Where(s => s.Key == key && s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, ticket).SetProperty(s => s.IdleEndsAt, idleEnds), cancellationToken);
        if (renewed == 0) await EndAsync(key, cancellationToken);
    }

    public Task EndAsync(string key, CancellationToken cancellationToken = default) =>
        db.Sessions.Where(s => s.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Ends every session of a person (disabled, role changed, password reset); returns how many ended.</summary>
    public Task<int> EndAllAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}
