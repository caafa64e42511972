using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Notifications;

/// <summary>
/// The retry schedule of a delivery that fails: a quick first retry, then doubling pauses capped at an hour, for at
/// least a day from the first attempt; then it is given up, the administrators are told in the application, and it
/// waits to be resent by hand.
/// </summary>
public static class DeliveryRetries
{
    public static readonly Duration GiveUpAfter = Duration.FromHours(24);
    private static readonly Duration First = Duration.FromSeconds(30);
    private static readonly Duration Cap = Duration.FromHours(1);

    /// <summary>The pause after the <paramref name="attempts"/>-th failed attempt: 30 s, 1 min, 2 min, 4 min, … up to an hour.</summary>
    public static Duration PauseAfter(int attempts) =>
        attempts >= 8 ? Cap : Duration.FromSeconds(Math.Min(First.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1)), Cap.TotalSeconds));
}

/// <summary>
/// Sends notifications beyond the application. First it plans each new notification's deliveries: an email to every
/// person whose role hears the recipient and who wants email, and one webhook call. Then it sends what is due, claiming
/// each delivery (an attempt counted and committed) before sending it, so two instances never send one twice, and
/// committing each one's sent state as soon as it is sent, so a crash resends at most the one in flight. Each webhook
/// carries the delivery's id as its idempotency key and each email a stable Message-ID, so a receiver can drop a
/// repeat. A failed send is retried (<see cref="DeliveryRetries"/>); on PostgreSQL rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class DeliverNotifications(
    AppDbContext db, UserManager<SafeguardUser> users, RecipientRoles recipients, EmailSender email, WebhookSender webhook,
    IConfiguration configuration, ILogger<DeliverNotifications> logger)
{
    public const string EmailChannel = "email";
    public const string WebhookChannel = "webhook";
    private const int BatchSize = 100;

    private readonly string _publicUrl = (configuration["Safeguard:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>Plans and sends what is due at <paramref name="now"/>; returns how many deliveries were sent.</summary>
    public async Task<int> RunAsync(Instant now, CancellationToken cancellationToken = default)
    {
        while (await PlanBatchAsync(now, cancellationToken) == BatchSize)
        {
        }
        var sent = 0;
        while (true)
        {
            var (claimed, ok) = await SendBatchAsync(now, cancellationToken);
            sent += ok;
            if (claimed < BatchSize) return sent;
        }
    }

    /// <summary>The deliveries given up (newest first), for an administrator to resend.</summary>
    public async Task<IReadOnlyList<FailedDelivery>> GivenUpAsync(CancellationToken cancellationToken = default) =>
        await db.NotificationDeliveries.AsNoTracking().Where(d => d.GivenUpAt != null).OrderByDescending(d => d.GivenUpAt)
            .Join(db.Notifications, d => d.NotificationId, n => n.Id, (d, n) => new FailedDelivery(d.Id, d.Channel, n.Kind, n.Reference, n.Subject, d.Attempts, d.FirstAttemptAt, d.GivenUpAt!.Value, d.LastError))
            .Take(500).ToListAsync(cancellationToken);

    /// <summary>Puts a given-up delivery back to be sent at once, with a fresh day of retries.</summary>
    public async Task ResendAsync(long id, Instant now, CancellationToken cancellationToken = default)
    {
        var delivery = await db.NotificationDeliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new NotFoundException("No delivery has this number.");
        if (delivery.SentAt is not null) throw new RuleException("The delivery was sent.", isConflict: true);
        if (delivery.GivenUpAt is null) throw new RuleException("The delivery is still being tried.", isConflict: true);
        (delivery.GivenUpAt, delivery.FirstAttemptAt, delivery.Attempts, delivery.NextAttemptAt) = (null, null, 0, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<int> PlanBatchAsync(Instant now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = db is PostgresAppDbContext
            ? await db.Notifications.FromSql($"""SELECT * FROM notifications WHERE "PlannedAt" IS NULL ORDER BY "Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""").ToListAsync(cancellationToken)
            : await db.Notifications.Where(n => n.PlannedAt == null).OrderBy(n => n.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var addresses = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var notification in batch)
        {
            if (email.Enabled)
            {
                if (!addresses.TryGetValue(notification.Recipient, out var to))
                    addresses[notification.Recipient] = to = await EmailAddressesAsync(notification.Recipient);
                foreach (var address in to)
                    db.NotificationDeliveries.Add(new NotificationDelivery { NotificationId = notification.Id, Channel = EmailChannel, Target = address, NextAttemptAt = now });
            }
            if (webhook.Enabled)
                db.NotificationDeliveries.Add(new NotificationDelivery { NotificationId = notification.Id, Channel = WebhookChannel, Target = WebhookChannel, NextAttemptAt = now });
            notification.PlannedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return batch.Count;
    }

    /// <summary>The retries ran out: the delivery waits to be resent, and the administrators are told in the application only.</summary>
    private void GiveUp(NotificationDelivery delivery, Notification about, Instant now)
    {
        delivery.GivenUpAt = now;
        logger.LogError("Delivery {DeliveryId} ({Channel}) given up after {Attempts} attempts over {Hours} hours", delivery.Id, delivery.Channel, delivery.Attempts,
            Math.Round((now - delivery.FirstAttemptAt!.Value).TotalHours, 1));
        db.Notifications.Add(new Notification
        {
            Recipient = RecipientRoles.Administrators,
            Kind = about.Kind,
            Reference = about.Reference,
            Subject = $"Not delivered by {delivery.Channel} for a day (delivery {delivery.Id}): {about.Subject}. Resend it from Notifications, Deliveries.",
            CreatedAt = now,
            DueAt = now,
            // Planned already: an alert about a failing channel is not sent down it.
            PlannedAt = now,
        });
    }

    private async Task<IReadOnlyList<string>> EmailAddressesAsync(string recipient)
    {
        var people = new Dictionary<string, SafeguardUser>(StringComparer.Ordinal);
        foreach (var role in recipients.RolesOf(recipient))
            foreach (var user in await users.GetUsersInRoleAsync(role))
                people[user.Id] = user;
        return [.. people.Values.Where(u => u.EmailNotifications && !string.IsNullOrWhiteSpace(u.Email)).Select(u => u.Email!).Order(StringComparer.Ordinal)];
    }

    private async Task<(int Claimed, int Sent)> SendBatchAsync(Instant now, CancellationToken cancellationToken)
    {
        List<NotificationDelivery> claimed;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            claimed = db is PostgresAppDbContext
                ? await db.NotificationDeliveries.FromSql(
                    $"""SELECT * FROM notification_deliveries WHERE "SentAt" IS NULL AND "GivenUpAt" IS NULL AND "NextAttemptAt" <= {now} ORDER BY "Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                    .ToListAsync(cancellationToken)
                : await db.NotificationDeliveries.Where(d => d.SentAt == null && d.GivenUpAt == null && d.NextAttemptAt <= now)
                    .OrderBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var delivery in claimed)
            {
                delivery.Attempts++;
                delivery.FirstAttemptAt ??= now;
                delivery.NextAttemptAt = now + DeliveryRetries.PauseAfter(delivery.Attempts);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var ids = claimed.Select(d => d.NotificationId).Distinct().ToList();
        var notifications = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
        var sent = 0;
        foreach (var delivery in claimed)
        {
            var n = notifications[delivery.NotificationId];
            var outgoing = new OutgoingNotification(n.Id, delivery.Id, n.Recipient, n.Kind, n.Reference, n.Subject, n.DueAt, _publicUrl + Records.PathOf(n.Kind, n.Reference));
            try
            {
                if (delivery.Channel == EmailChannel) await email.SendAsync(delivery.Target, outgoing, cancellationToken);
                else await webhook.SendAsync(outgoing, cancellationToken);
                delivery.SentAt = now;
                delivery.LastError = null;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The exception type only: messages from mail servers can quote addresses.
                delivery.LastError = e.GetType().Name;
                logger.LogWarning("Delivery {DeliveryId} ({Channel}) failed on attempt {Attempt}: {Error}", delivery.Id, delivery.Channel, delivery.Attempts, delivery.LastError);
                if (now - delivery.FirstAttemptAt!.Value >= DeliveryRetries.GiveUpAfter) GiveUp(delivery, n, now);
            }
            // Each delivery's state is committed as soon as it is known: a crash now resends nothing already sent.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        db.ChangeTracker.Clear();
        return (claimed.Count, sent);
    }
}

/// <summary>A delivery given up: which, on which channel, about which record, how often it was tried and why it failed (the error's kind only).</summary>
public sealed record FailedDelivery(long Id, string Channel, string Kind, string Reference, string Subject, int Attempts, Instant? FirstAttemptAt, Instant GivenUpAt, string? LastError);
