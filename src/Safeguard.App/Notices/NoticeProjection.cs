using System.Text.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Safeguard.App.Data;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>Stores notice events (each as JSON of its record) and writes the notice's projected facts.</summary>
public static class NoticeProjection
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public static NoticeFacts Facts(Notice n, string childReference) =>
        new(childReference, n.IncidentReference, n.Type, n.OfficerRisk, n.OccurredAt, n.SubmittedAt, n.ReviewedAt, n.Rag, n.SharedAt, n.SharedWith);

    /// <summary>Appends <paramref name="e"/> as the notice's next event and writes the facts it leads to.</summary>
    public static void Append(Notice notice, long childId, NoticeEventBase e, NoticeFacts? current, Instant recordedAt)
    {
        var facts = NoticeRules.Apply(current, e);
        notice.EventCount++;
        notice.Version++;
        notice.Events.Add(new NoticeEvent
        {
            Sequence = notice.EventCount,
            Kind = e switch { NoticeSubmitted => "submitted", NoticeReviewed => "reviewed", NoticeSharedWith => "shared", _ => "recorded" },
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
    }
}
