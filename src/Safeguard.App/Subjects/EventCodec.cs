using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Safeguard.Domain.Children;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

/// <summary>
/// The one way domain events are stored: JSON of the event record with its kind as the System.Text.Json
/// discriminator (<c>"$kind"</c>), the same kind the event row carries. Each kind of subject has its own table of kinds;
/// <c>escalated</c> (<see cref="ClockEscalated"/>) is shared by all.
/// </summary>
public static class EventCodec
{
    private static readonly Dictionary<string, (string Kind, Type Type)[]> Kinds = new(StringComparer.Ordinal)
    {
        [Records.Incident] =
        [
            ("created", typeof(IncidentCreated)), ("dispatched", typeof(IncidentDispatched)), ("arrived", typeof(IncidentArrived)),
            ("regraded", typeof(IncidentRegraded)), ("closed", typeof(IncidentClosed)), ("recorded", typeof(IncidentRecorded)),
            ("reassessed", typeof(IncidentReassessed)), ("caller-updated", typeof(IncidentCallerUpdated)), ("child-linked", typeof(IncidentChildLinked)),
            ("child-seen", typeof(IncidentChildSeen)), ("notice-linked", typeof(IncidentNoticeLinked)), ("notice-unlinked", typeof(IncidentNoticeUnlinked)),
            ("notice-not-needed", typeof(IncidentNoticeNotNeeded)), ("children-involved", typeof(IncidentChildrenInvolved)),
        ],
        [Records.Notice] =
        [
            ("submitted", typeof(NoticeSubmitted)), ("reviewed", typeof(NoticeReviewed)), ("shared", typeof(NoticeSharedWith)),
            ("school-notified", typeof(NoticeSchoolNotified)), ("recorded", typeof(NoticeRecorded)),
        ],
        [Records.Missing] =
        [
            ("reported", typeof(EpisodeReported)), ("attended", typeof(EpisodeAttended)), ("reviewed", typeof(EpisodeReviewed)),
            ("action", typeof(EpisodeActionTaken)), ("found", typeof(EpisodeFound)), ("prevention-interview", typeof(PreventionInterviewHeld)),
            ("return-interview-offered", typeof(ReturnInterviewOffered)), ("return-interview-held", typeof(ReturnInterviewHeld)),
            ("exploitation-indicator", typeof(ExploitationIndicatorRecorded)), ("recorded", typeof(EpisodeRecorded)),
        ],
        [Records.Child] = [("details", typeof(ChildDetailsRecorded)), ("contact", typeof(ChildContacted))],
    };

    public const string Escalated = "escalated";

    private static readonly Dictionary<string, JsonSerializerOptions> Options = Kinds.ToDictionary(k => k.Key, k => For(k.Value), StringComparer.Ordinal);

    private static readonly Dictionary<Type, string> KindOfType = Kinds.Values.SelectMany(k => k).Append((Kind: Escalated, Type: typeof(ClockEscalated)))
        .GroupBy(k => k.Type).ToDictionary(g => g.Key, g => g.First().Kind);

    /// <summary>The stored kind of an event ("arrived", "reviewed", "escalated", …).</summary>
    public static string KindOf(SubjectEvent e) =>
        KindOfType.TryGetValue(e.GetType(), out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "An event of no known kind.");

    public static string Write(string subjectKind, SubjectEvent e) => JsonSerializer.Serialize(e, OptionsFor(subjectKind));

    public static SubjectEvent Read(string subjectKind, EventRecord row) =>
        JsonSerializer.Deserialize<SubjectEvent>(row.Data, OptionsFor(subjectKind))
        ?? throw new InvalidOperationException($"Event {row.Id} ({row.Kind}) of a {subjectKind} cannot be read.");

    /// <summary>Reads the event if it is a <typeparamref name="T"/>; the row's kind says whether it can be.</summary>
    public static T? Read<T>(string subjectKind, EventRecord row) where T : SubjectEvent => Read(subjectKind, row) as T;

    /// <summary>The kinds a subject's events can have, for queries.</summary>
    public static string KindOf<T>() where T : SubjectEvent => KindOfType[typeof(T)];

    private static JsonSerializerOptions OptionsFor(string subjectKind) =>
        Options.TryGetValue(subjectKind, out var options) ? options : throw new ArgumentOutOfRangeException(nameof(subjectKind), subjectKind, "No such kind of subject.");

    private static JsonSerializerOptions For((string Kind, Type Type)[] kinds)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(SubjectEvent)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "$kind",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            };
            foreach (var (kind, type) in kinds.Append((Kind: Escalated, Type: typeof(ClockEscalated))))
                info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, kind));
        });
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = resolver,
            AllowOutOfOrderMetadataProperties = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly();
        return options;
    }
}
