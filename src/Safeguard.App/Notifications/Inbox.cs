using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;

namespace Safeguard.App.Notifications;

public sealed record NotificationView(long Id, string Recipient, string Kind, string Reference, string Subject, Instant DueAt, Instant CreatedAt, string? AcknowledgedBy,
    Instant? AcknowledgedAt)
{
    /// <summary>The page of the record it is about.</summary>
    public string Path => Records.PathOf(Kind, Reference);
}

/// <summary>
/// Which roles hear each escalation recipient (a team or level). Configuration <c>Notifications:Recipients:NAME</c>
/// lists roles; the defaults send the control room's warnings to call handlers and supervisors, breaches to supervisors
/// (the duty inspector), and the next level to supervisors and administrators.
/// </summary>
public sealed class RecipientRoles
{
    private readonly Dictionary<string, string[]> _roles;

    public RecipientRoles(IConfiguration configuration)
    {
        _roles = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["control-room"] = [Roles.CallHandler, Roles.Supervisor],
            ["duty-inspector"] = [Roles.Supervisor],
            ["superintendent"] = [Roles.Supervisor, Roles.Administrator],
            ["supervisor"] = [Roles.Supervisor],
            ["mash"] = [Roles.MashPractitioner],
            ["mash-supervisor"] = [Roles.Supervisor],
            ["missing-coordinator"] = [Roles.MissingCoordinator],
        };
        foreach (var section in configuration.GetSection("Notifications:Recipients").GetChildren())
            _roles[section.Key] = section.Get<string[]>() ?? [];
    }

    /// <summary>The roles that hear a recipient.</summary>
    public IReadOnlyList<string> RolesOf(string recipient) => _roles.TryGetValue(recipient, out var roles) ? roles : [];

    /// <summary>The recipients a person with these roles hears.</summary>
    public IReadOnlyList<string> For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return [.. _roles.Where(r => r.Value.Any(set.Contains)).Select(r => r.Key)];
    }
}

/// <summary>A person's in-app notifications: those sent to any recipient their role hears.</summary>
public sealed class Inbox(AppDbContext db, RecipientRoles recipients, IClock clock)
{
    public Task<int> CountUnacknowledgedAsync(IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        return db.Notifications.CountAsync(n => heard.Contains(n.Recipient) && n.AcknowledgedAt == null, cancellationToken);
    }

    /// <summary>Unacknowledged first (oldest due first), then the latest acknowledged; at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<NotificationView>> ListAsync(IEnumerable<string> roles, int limit = 200, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        var mine = db.Notifications.AsNoTracking().Where(n => heard.Contains(n.Recipient));
        var open = await mine.Where(n => n.AcknowledgedAt == null).OrderBy(n => n.DueAt).ThenBy(n => n.Id).Take(limit).Select(View).ToListAsync(cancellationToken);
        var done = await mine.Where(n => n.AcknowledgedAt != null).OrderByDescending(n => n.AcknowledgedAt).Take(Math.Max(0, limit - open.Count)).Select(View).ToListAsync(cancellationToken);
        return [.. open, .. done];
    }

    /// <summary>Records who acknowledged a notification and when; a second acknowledgement changes nothing.</summary>
    public async Task AcknowledgeAsync(long id, IEnumerable<string> roles, string user, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && heard.Contains(n.Recipient), cancellationToken)
            ?? throw new NotFoundException("No notification of yours has this number.");
        if (notification.AcknowledgedAt is not null) return;
        notification.AcknowledgedAt = clock.GetCurrentInstant();
        notification.AcknowledgedBy = user;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Notification, NotificationView>> View =
        n => new NotificationView(n.Id, n.Recipient, n.Kind, n.Reference, n.Subject, n.DueAt, n.CreatedAt, n.AcknowledgedBy, n.AcknowledgedAt);
}
