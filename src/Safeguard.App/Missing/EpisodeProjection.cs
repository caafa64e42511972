using System.Text.Json;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

/// <summary>Stores episode events (each as JSON of its record) and writes the episode's projected facts.</summary>
public static class EpisodeProjection
{
    private static JsonSerializerOptions Json => EventRow.DetailsJson;

    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        ["reported"] = typeof(EpisodeReported),
        ["attended"] = typeof(EpisodeAttended),
        ["reviewed"] = typeof(EpisodeReviewed),
        ["action"] = typeof(EpisodeActionTaken),
        ["found"] = typeof(EpisodeFound),
        ["prevention-interview"] = typeof(PreventionInterviewHeld),
        ["return-interview-offered"] = typeof(ReturnInterviewOffered),
        ["return-interview-held"] = typeof(ReturnInterviewHeld),
        ["exploitation-indicator"] = typeof(ExploitationIndicatorRecorded),
        ["escalated"] = typeof(EpisodeEscalated),
        ["recorded"] = typeof(EpisodeRecorded),
    };

    public static string KindOf(EpisodeEvent e) => Kinds.First(k => k.Value == e.GetType()).Key;

    public static EpisodeEvent FromRecord(MissingEpisodeEvent r) =>
        (EpisodeEvent)(JsonSerializer.Deserialize(r.Details ?? "null", Kinds.TryGetValue(r.Kind, out var type) ? type : throw Corrupt(r), Json) ?? throw Corrupt(r));

    public static EpisodeState State(MissingEpisode e, string childReference) => new(
        new EpisodeFacts(childReference, e.ReportedAt, e.RiskAtReport, e.CurrentRisk, e.AttendedAt, e.FoundAt, e.PreventionInterviewAt,
            e.ReturnInterviewOfferedAt, e.SchoolContactedAt, e.District),
        e.LastReviewAt, e.RiskChangedAt, e.ExploitationIndicators);

    /// <summary>Appends <paramref name="e"/> as the episode's next event and writes the facts it leads to.</summary>
    public static EpisodeState Append(MissingEpisode episode, long childId, EpisodeEvent e, EpisodeState? current, MissingPolicy policy, Instant recordedAt)
    {
        var state = EpisodeHistory.Apply(current, e);
        if (episode.EventCount == 0) episode.RecordedAt = recordedAt;
        if (e is EpisodeEscalated escalated) episode.EscalatedSteps = Clocks.Escalations.Add(episode.EscalatedSteps, escalated.Clock, escalated.Step);
        // A review starts the next review cycle: its clock's chain may fire again.
        if (e is EpisodeReviewed) episode.EscalatedSteps = Clocks.Escalations.Without(episode.EscalatedSteps, ClockKind.MissingReview);
        episode.EventCount++;
        episode.Version++;
        episode.Events.Add(new MissingEpisodeEvent
        {
            Sequence = episode.EventCount,
            Kind = KindOf(e),
            At = e.At,
            RecordedAt = recordedAt,
            Author = e.Author,
            Reason = e.Reason,
            Details = JsonSerializer.Serialize(e, e.GetType(), Json),
        });
        var f = state.Facts;
        episode.ChildId = childId;
        episode.ReportedAt = f.ReportedAt;
        episode.RiskAtReport = f.RiskAtReport;
        episode.CurrentRisk = f.CurrentRisk;
        episode.AttendedAt = f.AttendedAt;
        episode.FoundAt = f.FoundAt;
        episode.PreventionInterviewAt = f.PreventionInterviewAt;
        episode.ReturnInterviewOfferedAt = f.ReturnInterviewOfferedAt;
        episode.SchoolContactedAt = f.SchoolContactedAt;
        episode.District = f.District;
        episode.LastReviewAt = state.LastReviewAt;
        episode.RiskChangedAt = state.RiskChangedAt;
        episode.ExploitationIndicators = state.ExploitationIndicators;
        episode.NextReviewDueAt = EpisodeHistory.Clocks(state, policy).FirstOrDefault(c => c.Kind == ClockKind.MissingReview)?.Due;
        Schedule(episode, state, policy, recordedAt);
        return state;
    }

    /// <summary>Works out when the clock engine must next look at the episode, judged at <paramref name="now"/>.</summary>
    public static void Schedule(MissingEpisode episode, EpisodeState state, MissingPolicy policy, Instant now) =>
        episode.NextEscalationAt = Clocks.Escalations.Next(EpisodeHistory.WatchedClocks(state, policy), episode.EscalatedSteps, episode.RecordedAt, now, policy.EscalationCatchUp);

    private static InvalidOperationException Corrupt(MissingEpisodeEvent r) => new($"Missing episode event {r.Id} ({r.Kind}) cannot be read.");
}
