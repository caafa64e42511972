using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;

namespace Safeguard.App.Notifications;

/// <summary>
/// A notification as its reader sees it now: <see cref="What"/> says how its clock stands at this moment ("MASH review:
/// overdue by 2 h 05 min", or what became of it once it stopped), in the clock's one vocabulary; <see cref="Subject"/>
/// is what was sent. <see cref="Open"/> is false once acknowledged or closed by its clock.
/// </summary>
public sealed record NotificationView(long Id, string Recipient, string Kind, string Reference, string Subject, string What, string Colour, Instant DueAt,
    Instant ClockDue, Instant CreatedAt, Instant? ClosedAt, string? AcknowledgedBy, Instant? AcknowledgedAt)
{
    /// <summary>How urgent it is, as a board groups clocks (an alert with no clock is overdue: it needs someone now).</summary>
    public Domain.Clocks.BoardGroup Urgency { get; init; } = Domain.Clocks.BoardGroup.Overdue;

    public bool Open => AcknowledgedAt is null && ClosedAt is null;

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
    /// <summary>Who is told that a notification could not be delivered: the administrators, in the application.</summary>
    public const string Administrators = "administrators";

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
            [Administrators] = [Roles.Administrator],
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

/// <summary>
/// A person's in-app notifications: those sent to any recipient their role hears. A notification closes itself when its
/// clock stops (the ledger does that); the open ones come first, most urgent — most overdue — first.
/// </summary>
public sealed class Inbox(AppDbContext db, RecipientRoles recipients, IClock clock)
{
    public Task<int> CountUnacknowledgedAsync(IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        return db.Notifications.CountAsync(n => heard.Contains(n.Recipient) && n.AcknowledgedAt == null && n.ClosedAt == null, cancellationToken);
    }

    /// <summary>
    /// The open ones a page at a time, the clock soonest due (the most overdue) first, with their true total; and the
    /// <paramref name="recent"/> latest acknowledged or closed.
    /// </summary>
    public async Task<(Subjects.Paged<NotificationView> Open, IReadOnlyList<NotificationView> Recent)> ListAsync(IEnumerable<string> roles, Subjects.PageRequest page,
        int recent = 20, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        var now = clock.GetCurrentInstant();
        var mine = from n in db.Notifications.AsNoTracking()
                   where heard.Contains(n.Recipient)
                   join c in db.Clocks on n.ClockId equals c.Id into clocks
                   from c in clocks.DefaultIfEmpty()
                   select new { Notification = n, Clock = c };
        var open = mine.Where(x => x.Notification.AcknowledgedAt == null && x.Notification.ClosedAt == null);
        var total = await open.CountAsync(cancellationToken);
        page = page.Within(total);
        // Alerts (no clock: they need someone now) first, then the clocks in the board's groups, each the soonest due first.
        var rows = await Subjects.ClockGroups.ThenByGroup(open.OrderBy(x => x.Clock == null ? 0 : 1), x => x.Clock!, now)
            .ThenBy(x => x.Clock == null ? x.Notification.DueAt : x.Clock.DueAt).ThenBy(x => x.Notification.Id)
            .Skip(page.Skip).Take(page.Take).ToListAsync(cancellationToken);
        var done = await mine.Where(x => x.Notification.AcknowledgedAt != null || x.Notification.ClosedAt != null)
            .OrderByDescending(x => x.Notification.Id).Take(recent).ToListAsync(cancellationToken);
        return (new Subjects.Paged<NotificationView>([.. rows.Select(x => View(x.Notification, x.Clock, now))], total, page.Number, page.Take),
            [.. done.Select(x => View(x.Notification, x.Clock, now))]);
    }

    /// <summary>Records who acknowledged a notification and when; a second acknowledgement changes nothing.</summary>
    public async Task AcknowledgeAsync(long id, IEnumerable<string> roles, string user, CancellationToken cancellationToken = default)
    {
        if (await AcknowledgeAsync([id], roles, user, cancellationToken) == 0 && !await IsHeardAsync(id, roles, cancellationToken))
            throw new NotFoundException("No notification of yours has this number.");
    }

    /// <summary>
    /// Acknowledges, at once, those of <paramref name="ids"/> that are the person's and not yet acknowledged; returns how
    /// many. Others' notifications and numbers that are no one's are passed over, never acknowledged.
    /// </summary>
    public async Task<int> AcknowledgeAsync(IReadOnlyCollection<long> ids, IEnumerable<string> roles, string user, CancellationToken cancellationToken = default)
    {
        var heard = recipients.For(roles);
        var notifications = await db.Notifications
            .Where(n => ids.Contains(n.Id) && heard.Contains(n.Recipient) && n.AcknowledgedAt == null).ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        foreach (var notification in notifications)
        {
            notification.AcknowledgedAt = now;
            notification.AcknowledgedBy = user;
        }
        await db.SaveChangesAsync(cancellationToken);
        return notifications.Count;
    }

    private Task<bool> IsHeardAsync(long id, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var heard = recipients.For(roles);
        return db.Notifications.AnyAsync(n => n.Id == id && heard.Contains(n.Recipient), cancellationToken);
    }

    private static NotificationView View(Notification n, Subjects.ClockRecord? clock, Instant now)
    {
        string what;
        var colour = Domain.Clocks.ClockColour.Grey;
        Instant due = n.DueAt;
        if (clock is null)
        {
            // No clock: an alert (a delivery given up), or a clock the subject no longer owes (closed when it went).
            what = n.ClosedAt is null ? n.Subject : n.Subject + " (no longer owed)";
        }
        else
        {
            var entry = clock.ToEntry();
            var state = entry.StateAt(now);
            colour = Domain.Clocks.ClockStates.Colour(state);
            due = entry.DueAsOf(now);
            what = entry.OpenAt(now)
                ? $"{Domain.Clocks.ClockKinds.Title(clock.Kind)}: {Domain.Clocks.ClockStates.TimeLeft(entry.Remaining(now))}"
                : $"{Domain.Clocks.ClockKinds.Title(clock.Kind)}: {Domain.Clocks.ClockStates.Words(state, closed: true).ToLowerInvariant()}";
        }
        return new NotificationView(n.Id, n.Recipient, n.Kind, n.Reference, n.Subject, what, Subjects.Colours.Name(colour), n.DueAt, due, n.CreatedAt, n.ClosedAt,
            n.AcknowledgedBy, n.AcknowledgedAt)
        {
            Urgency = clock is null ? Domain.Clocks.BoardGroup.Overdue : Domain.Clocks.BoardGroups.Of(clock.DueAt, clock.WarningAt, now),
        };
    }
}
