using System.Text.Json;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>Stores notice events (each as JSON of its record) and writes the notice's projected facts.</summary>
public static class NoticeProjection
{
    private static JsonSerializerOptions Json => EventRow.DetailsJson;

    public static NoticeFacts Facts(Notice n, string childReference) =>
        new(childReference, n.IncidentReference, n.Type, n.OfficerRisk, n.OccurredAt, n.SubmittedAt, n.ReviewedAt, n.Rag, n.SharedAt, n.SharedWith, n.SchoolNotifiedAt, n.ShareDecided);

    public static string KindOf(NoticeEventBase e) => e switch
    {
        NoticeSubmitted => "submitted",
        NoticeReviewed => "reviewed",
        NoticeSharedWith => "shared",
        NoticeSchoolNotified => "school-notified",
        NoticeEscalated => "escalated",
        NoticeRecorded => "recorded",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown notice event."),
    };

    /// <summary>Reads the stored details of an event as <typeparamref name="T"/> (the caller knows its kind from the row).</summary>
    public static T? Read<T>(NoticeEvent row) where T : NoticeEventBase =>
        row.Details is null ? null : JsonSerializer.Deserialize<T>(row.Details, Json);

    /// <summary>
    /// Appends <paramref name="e"/> as the notice's next event and writes the facts it leads to, and when the clock
    /// engine must next look at it (<paramref name="dateOfBirth"/> is the child's, for Operation Encompass).
    /// </summary>
    public static void Append(Notice notice, long childId, NoticeEventBase e, NoticeFacts? current, NoticePolicy policy, LocalDate? dateOfBirth, Instant recordedAt)
    {
        var facts = NoticeRules.Apply(current, e);
        if (e is NoticeEscalated escalated) notice.EscalatedSteps = Clocks.Escalations.Add(notice.EscalatedSteps, escalated.Clock, escalated.Step);
        notice.EventCount++;
        notice.Version++;
        notice.Events.Add(new NoticeEvent
        {
            Sequence = notice.EventCount,
            Kind = KindOf(e),
            At = e.At,
            RecordedAt = recordedAt,
            Author = e.Author,
            Reason = e.Reason,
            Details = JsonSerializer.Serialize(e, e.GetType(), Json),
        });
        notice.ChildId = childId;
        notice.IncidentReference = facts.IncidentReference;
        notice.Type = facts.Type;
        notice.OfficerRisk = facts.OfficerRisk;
        notice.OccurredAt = facts.OccurredAt;
        notice.SubmittedAt = facts.SubmittedAt;
        notice.ReviewedAt = facts.ReviewedAt;
        notice.Rag = facts.Rag;
        notice.SharedAt = facts.SharedAt;
        notice.SharedWith = facts.SharedWith;
        notice.SchoolNotifiedAt = facts.SchoolNotifiedAt;
        notice.ShareDecided = facts.ShareDecided;
        Schedule(notice, facts, policy, dateOfBirth, recordedAt);
    }

    /// <summary>Works out when the clock engine must next look at the notice, judged at <paramref name="now"/>.</summary>
    public static void Schedule(Notice notice, NoticeFacts facts, NoticePolicy policy, LocalDate? dateOfBirth, Instant now) =>
        notice.NextEscalationAt = Clocks.Escalations.Next(NoticeRules.WatchedClocks(facts, policy, dateOfBirth), notice.EscalatedSteps, notice.RecordedAt, now,
            policy.EscalationCatchUp);
}
