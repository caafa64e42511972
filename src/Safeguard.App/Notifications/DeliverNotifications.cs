using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Notifications;

/// <summary>
/// Sends notifications beyond the application. First it plans each new notification's deliveries: an email to every
/// person whose role hears the recipient and who wants email, and one webhook call. Then it sends what is due, claiming
/// each delivery (an attempt counted and committed) before sending it, so two instances never send one twice; a failed
/// send is retried with growing pauses, at most <see cref="MaxAttempts"/> times. On PostgreSQL rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class DeliverNotifications(
    AppDbContext db, UserManager<SafeguardUser> users, RecipientRoles recipients, EmailSender email, WebhookSender webhook,
    IConfiguration configuration, ILogger<DeliverNotifications> logger)
{
    public const int MaxAttempts = 5;
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
                    $"""SELECT * FROM notification_deliveries WHERE "SentAt" IS NULL AND "Attempts" < {MaxAttempts} AND "NextAttemptAt" <= {now} ORDER BY "Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
                    .ToListAsync(cancellationToken)
                : await db.NotificationDeliveries.Where(d => d.SentAt == null && d.Attempts < MaxAttempts && d.NextAttemptAt <= now)
                    .OrderBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var delivery in claimed)
            {
                delivery.Attempts++;
                delivery.NextAttemptAt = now + Duration.FromMinutes(Math.Pow(2, delivery.Attempts));
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
            var outgoing = new OutgoingNotification(n.Id, n.Recipient, n.Reference, n.Subject, n.DueAt, _publicUrl + Records.PathOf(n.Kind, n.Reference));
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
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (claimed.Count, sent);
    }
}
