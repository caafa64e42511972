using System.Text.Json;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>Turns domain events into their stored rows and back.</summary>
public static class IncidentEventCodec
{
    private static JsonSerializerOptions Json => EventRow.DetailsJson;

    public static string KindOf(IncidentEvent e) => e switch
    {
        IncidentCreated => "created",
        IncidentDispatched => "dispatched",
        IncidentArrived => "arrived",
        IncidentRegraded => "regraded",
        IncidentClosed => "closed",
        IncidentRecorded => "recorded",
        IncidentEscalated => "escalated",
        IncidentReassessed => "reassessed",
        IncidentCallerUpdated => "caller-updated",
        IncidentChildSeen => "child-seen",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown incident event."),
    };

    public static IncidentEventRecord ToRecord(IncidentEvent e, int sequence, Instant recordedAt) => new()
    {
        Kind = KindOf(e),
        Sequence = sequence,
        At = e.At,
        RecordedAt = recordedAt,
        Author = e.Author,
        Reason = e.Reason,
        Grade = e switch
        {
            IncidentCreated c => c.Grade,
            IncidentRegraded g => g.Grade,
            _ => null,
        },
        Supervisor = (e as IncidentRegraded)?.Supervisor,
        Details = e switch
        {
            IncidentCreated c => JsonSerializer.Serialize(new CreatedDetails(c.ChildrenInvolved, c.District, c.Category), Json),
            IncidentRecorded r => JsonSerializer.Serialize(r.Facts, Json),
            IncidentEscalated x => JsonSerializer.Serialize(new EscalatedDetails(x.Clock, x.Step, x.Recipient), Json),
            IncidentReassessed t => JsonSerializer.Serialize(t.Thrive, Json),
            IncidentChildSeen c => JsonSerializer.Serialize(new ChildSeenDetails(c.ChildReference), Json),
            _ => null,
        },
    };

    public static IncidentEvent FromRecord(IncidentEventRecord r) => r.Kind switch
    {
        "created" => Created(r),
        "dispatched" => new IncidentDispatched(r.At, r.Author),
        "arrived" => new IncidentArrived(r.At, r.Author),
        "regraded" => new IncidentRegraded(r.At, r.Author, r.Grade ?? throw Corrupt(r), r.Supervisor, r.Reason),
        "closed" => new IncidentClosed(r.At, r.Author),
        "recorded" => new IncidentRecorded(r.At, r.Author, r.Reason,
            JsonSerializer.Deserialize<IncidentFacts>(r.Details ?? throw Corrupt(r), Json) ?? throw Corrupt(r)),
        "escalated" => Escalated(r),
        "reassessed" => new IncidentReassessed(r.At, r.Author, JsonSerializer.Deserialize<Thrive>(r.Details ?? throw Corrupt(r), Json) ?? throw Corrupt(r)),
        "caller-updated" => new IncidentCallerUpdated(r.At, r.Author, r.Reason),
        "child-seen" => new IncidentChildSeen(r.At, r.Author,
            (JsonSerializer.Deserialize<ChildSeenDetails>(r.Details ?? throw Corrupt(r), Json) ?? throw Corrupt(r)).ChildReference),
        _ => throw Corrupt(r),
    };

    private static IncidentEscalated Escalated(IncidentEventRecord r)
    {
        var d = JsonSerializer.Deserialize<EscalatedDetails>(r.Details ?? throw Corrupt(r), Json) ?? throw Corrupt(r);
        return new IncidentEscalated(r.At, r.Author, d.Clock, d.Step, d.Recipient);
    }

    private static IncidentCreated Created(IncidentEventRecord r)
    {
        var d = JsonSerializer.Deserialize<CreatedDetails>(r.Details ?? throw Corrupt(r), Json) ?? throw Corrupt(r);
        return new IncidentCreated(r.At, r.Author, r.Grade ?? throw Corrupt(r), d.ChildrenInvolved, d.District, d.Category);
    }

    private static InvalidOperationException Corrupt(IncidentEventRecord r) =>
        new($"Incident event {r.Id} ({r.Kind}) cannot be read.");

    private sealed record EscalatedDetails(Safeguard.Domain.Clocks.ClockKind Clock, string Step, string Recipient);

    private sealed record ChildSeenDetails(string ChildReference);

    private sealed record CreatedDetails(bool ChildrenInvolved, string? District, string? Category);
}
