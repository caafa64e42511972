using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Data;

/// <summary>
/// The current facts of an incident: a projection of its events (see <see cref="IncidentEventRecord"/>), rewritten
/// only together with the event that changed it. <see cref="AttendanceDueAt"/> is computed by the domain.
/// </summary>
public sealed class Incident : IEscalated
{
    public long Id { get; set; }
    public required string Reference { get; set; }
    public Instant CreatedAt { get; set; }
    public Grade InitialGrade { get; set; }
    public Grade CurrentGrade { get; set; }
    public bool ChildrenInvolved { get; set; }
    public string? District { get; set; }
    public string? Category { get; set; }
    public Instant? DispatchedAt { get; set; }
    public Instant? ArrivedAt { get; set; }
    public Instant? ClosedAt { get; set; }
    public Instant? ReassessedAt { get; set; }
    public Instant? CallerToldAt { get; set; }
    public Instant? ChildSeenAt { get; set; }
    public Instant? AttendanceDueAt { get; set; }

    /// <summary>The attendance policy in force when the clock started (see <see cref="PolicyVersion"/>).</summary>
    public long? PolicyVersionId { get; set; }

    /// <summary>When Safeguard first learned of the incident (its first event was recorded).</summary>
    public Instant RecordedAt { get; set; }

    /// <summary>The escalation steps already fired for the attendance clock, comma-separated (from its escalated events).</summary>
    public string? EscalatedSteps { get; set; }

    /// <summary>The next instant the clock engine must look at this incident; null when no step can fire any more.</summary>
    public Instant? NextEscalationAt { get; set; }

    public int EventCount { get; set; }

    /// <summary>Optimistic concurrency: two writers appending to one incident cannot both win.</summary>
    public int Version { get; set; }

    public List<IncidentEventRecord> Events { get; set; } = [];

    public IncidentFacts ToFacts() =>
        new(CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, District, Category, DispatchedAt, ArrivedAt, ClosedAt, ReassessedAt, CallerToldAt, ChildSeenAt);
}

/// <summary>A subject whose clocks the engine escalates: it is due for a look at <see cref="NextEscalationAt"/>.</summary>
public interface IEscalated
{
    Instant? NextEscalationAt { get; }
}

/// <summary>
/// The shape every appended event row shares: its place in its subject's history, when it happened and was recorded,
/// who recorded it and why, and the event's own details as JSON. Rows are inserted, never updated or deleted.
/// </summary>
public abstract class EventRow
{
    /// <summary>How every event's details are written and read: web JSON with NodaTime's ISO forms.</summary>
    public static JsonSerializerOptions DetailsJson { get; } = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public long Id { get; set; }
    public int Sequence { get; set; }
    public required string Kind { get; set; }
    public Instant At { get; set; }
    public Instant RecordedAt { get; set; }
    public required string Author { get; set; }
    public string? Reason { get; set; }
    public string? Details { get; set; }
}

/// <summary>One appended incident event.</summary>
public sealed class IncidentEventRecord : EventRow
{
    public long IncidentId { get; set; }
    public Grade? Grade { get; set; }
    public string? Supervisor { get; set; }
}

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
    public Instant NextAttemptAt { get; set; }
    public Instant? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// A policy as configured from <see cref="EffectiveFrom"/>: a clock keeps the policy in force when it started, so a
/// change of targets applies to clocks started after it. <see cref="Settings"/> is the JSON of the settings.
/// </summary>
public sealed class PolicyVersion
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Settings { get; set; }
    public required string Hash { get; set; }
    public Instant EffectiveFrom { get; set; }
}

/// <summary>
/// A child, by the force's child reference: their details (a projection of the latest <c>details</c> event in
/// <see cref="Events"/>), the flags, and the derived repeat-missing and escalating-concern flags. Name, date of birth
/// and school are personal data: never logged, never in a URL.
/// </summary>
public sealed class Child
{
    public long Id { get; set; }
    public required string Reference { get; set; }
    public string? Name { get; set; }
    public LocalDate? DateOfBirth { get; set; }
    public string? School { get; set; }
    public bool ChildProtectionPlan { get; set; }
    public bool LookedAfter { get; set; }
    public bool ExploitationRisk { get; set; }
    public Instant? RepeatMissingSince { get; set; }

    /// <summary>When three public protection notices about the child were first submitted within 90 days; null if never.</summary>
    public Instant? EscalatingConcernSince { get; set; }

    public int EventCount { get; set; }
    public int Version { get; set; }
    public List<ChildEvent> Events { get; set; } = [];

    public Safeguard.Domain.Children.ChildDetails ToDetails() => new(Name, DateOfBirth, School, ChildProtectionPlan, LookedAfter, ExploitationRisk);
}

/// <summary>One appended event of a child's record: a change of details, or a contact (the voice of the child).</summary>
public sealed class ChildEvent : EventRow
{
    public long ChildId { get; set; }

    /// <summary>For a contact on an incident: the incident's reference.</summary>
    public string? IncidentReference { get; set; }
}

/// <summary>A public protection notice's current facts: the projection of its <see cref="NoticeEvent"/>s.</summary>
public sealed class Notice : IEscalated
{
    public long Id { get; set; }
    public required string Reference { get; set; }
    public long ChildId { get; set; }
    public string? IncidentReference { get; set; }
    public Safeguard.Domain.Notices.NoticeType Type { get; set; }
    public Safeguard.Domain.Notices.OfficerRisk OfficerRisk { get; set; }
    public Instant OccurredAt { get; set; }
    public Instant SubmittedAt { get; set; }
    public Instant? ReviewedAt { get; set; }
    public Safeguard.Domain.Notices.Rag? Rag { get; set; }
    public Instant? SharedAt { get; set; }
    public string? SharedWith { get; set; }

    /// <summary>The agencies the MASH review decided to share with, <c>;</c>-separated; sharing is complete when all have had it.</summary>
    public string? ShareDecided { get; set; }

    public Instant? SchoolNotifiedAt { get; set; }
    public Instant RecordedAt { get; set; }

    /// <summary>The escalation steps already fired for the notice's clocks, as <c>clock:step</c>, comma-separated.</summary>
    public string? EscalatedSteps { get; set; }

    /// <summary>The next instant the clock engine must look at this notice; null when no step can fire any more.</summary>
    public Instant? NextEscalationAt { get; set; }

    public int EventCount { get; set; }
    public int Version { get; set; }
    public List<NoticeEvent> Events { get; set; } = [];
}

/// <summary>A partner agency (children's social care, health, education, …) that notices can be shared with.</summary>
public sealed class Agency
{
    public long Id { get; set; }
    public required string Name { get; set; }
}

/// <summary>
/// A notice shared with an agency: what was shared, on what lawful basis, when and by whom; and the partner's
/// acknowledgement. A partner-agency user sees a notice only through a share with their own agency.
/// </summary>
public sealed class NoticeShare
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public long AgencyId { get; set; }
    public Instant SharedAt { get; set; }
    public required string SharedBy { get; set; }
    public required string What { get; set; }
    public required string LawfulBasis { get; set; }
    public Instant? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}

/// <summary>One appended event of a notice.</summary>
public sealed class NoticeEvent : EventRow
{
    public long NoticeId { get; set; }
}

/// <summary>A missing episode's current facts: the projection of its <see cref="MissingEpisodeEvent"/>s.</summary>
public sealed class MissingEpisode : IEscalated
{
    public long Id { get; set; }
    public required string Reference { get; set; }
    public long ChildId { get; set; }
    public Instant ReportedAt { get; set; }
    public Safeguard.Domain.Missing.RiskLevel RiskAtReport { get; set; }
    public Safeguard.Domain.Missing.RiskLevel CurrentRisk { get; set; }
    public Instant? AttendedAt { get; set; }
    public Instant? FoundAt { get; set; }
    public Instant? PreventionInterviewAt { get; set; }
    public Instant? ReturnInterviewOfferedAt { get; set; }
    public Instant? SchoolContactedAt { get; set; }
    public string? District { get; set; }
    public Instant LastReviewAt { get; set; }
    public Instant? RiskChangedAt { get; set; }
    public int ExploitationIndicators { get; set; }

    /// <summary>When the next risk review is due while the child is missing (computed by the domain); null once found.</summary>
    public Instant? NextReviewDueAt { get; set; }

    /// <summary>The escalation steps fired for the episode's clocks, as <c>clock:step</c>; a review clears its clock's steps (a new cycle).</summary>
    public string? EscalatedSteps { get; set; }

    /// <summary>The next instant the clock engine must look at this episode; null when no step can fire any more.</summary>
    public Instant? NextEscalationAt { get; set; }

    public Instant RecordedAt { get; set; }
    public int EventCount { get; set; }
    public int Version { get; set; }
    public List<MissingEpisodeEvent> Events { get; set; } = [];
}

/// <summary>One appended event of a missing episode.</summary>
public sealed class MissingEpisodeEvent : EventRow
{
    public long EpisodeId { get; set; }
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
/// <see cref="Prefix"/> is the public first part of the key, used to find the row.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public required string Role { get; set; }
    public Instant CreatedAt { get; set; }
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
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
