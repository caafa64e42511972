using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Safeguard.App.Data;

/// <summary>
/// An in-app notification to a team or level (<see cref="Recipient"/>). It names the subject by reference only: no
/// personal data. Acknowledgement records who and when.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public required string Recipient { get; set; }

    /// <summary>What kind of record <see cref="Reference"/> names (<see cref="Records"/>).</summary>
    public required string Kind { get; set; }

    public required string Reference { get; set; }
    public required string Subject { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant DueAt { get; set; }

    /// <summary>The clock in the ledger the notification is about; null once that obligation no longer exists.</summary>
    public long? ClockId { get; set; }

    /// <summary>When the notification closed itself because its clock stopped (or no longer exists).</summary>
    public Instant? ClosedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
    public Instant? AcknowledgedAt { get; set; }

    /// <summary>When its deliveries (email, webhook) were planned; null while it waits in the outbox.</summary>
    public Instant? PlannedAt { get; set; }
}

/// <summary>
/// One sending of a notification on one channel to one target (an email address, or the webhook). The unique
/// (notification, channel, target) row is claimed before sending, so nothing is sent twice by two instances.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public required string Channel { get; set; }
    public required string Target { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the first attempt was made; retries go on for <see cref="Notifications.DeliveryRetries.GiveUpAfter"/> from it.</summary>
    public Instant? FirstAttemptAt { get; set; }

    public Instant NextAttemptAt { get; set; }
    public Instant? SentAt { get; set; }

    /// <summary>When the retries ran out: the administrators were told, and it waits to be resent by hand.</summary>
    public Instant? GivenUpAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>
/// The whole policy (attendance, notices, missing, calendar, time zone) as configured from <see cref="EffectiveFrom"/>:
/// a clock keeps the version in force when it started, so a change applies to clocks started after it.
/// <see cref="Settings"/> is the JSON of the settings.
/// </summary>
public sealed class PolicyVersion
{
    public long Id { get; set; }
    public required string Settings { get; set; }
    public required string Hash { get; set; }
    public Instant EffectiveFrom { get; set; }
}

public sealed class SafeguardUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Whether the person wants notifications for their role by email as well as in the application.</summary>
    public bool EmailNotifications { get; set; } = true;

    /// <summary>For partner-agency users: the agency whose shared notices they may see. Null for everyone else.</summary>
    public long? AgencyId { get; set; }
}

/// <summary>
/// A machine client's key. Only a SHA-256 hash of the secret is kept; the secret is shown once when created.
/// <see cref="Prefix"/> is the public first part of the key, used to find the row. <see cref="Scopes"/> are the
/// policies it was issued for, space-separated.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public required string Role { get; set; }
    public required string Scopes { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public Instant? RevokedAt { get; set; }
}

/// <summary>
/// One entry of the DPA 2018 s.62 log (see <see cref="Safeguard.App.Audit.AuditTrail"/>): inserted, never updated or
/// deleted. <see cref="Sequence"/> is unique and gap-free; <see cref="Hash"/> chains it to the entry before.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public Instant At { get; set; }
    public required string Who { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public required string Reference { get; set; }
    public required string Justification { get; set; }

    /// <summary>The change whose events this entry accounts for (<see cref="Subjects.EventRecord.Change"/>); null for a consultation.</summary>
    public Guid? Change { get; set; }

    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
