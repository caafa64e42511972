using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Missing;

/// <summary>Missing episodes as subjects: the domain's fold, rules and obligations (<see cref="EpisodeHistory"/>), and the projection.</summary>
public sealed class EpisodeModel : SubjectModel<MissingEpisode, EpisodeState>
{
    public override string Kind => Records.Missing;

    public override MissingEpisode New(string reference) => new() { Reference = reference };

    public override IQueryable<MissingEpisode> Including(IQueryable<MissingEpisode> subjects) => subjects.Include(m => m.Child);

    public override EpisodeState Apply(EpisodeState? state, SubjectEvent e) => EpisodeHistory.Apply(state, (EpisodeEvent)e);

    public override RuleViolation? Check(EpisodeState? state, SubjectEvent e, Instant now) => state is null ? null : EpisodeHistory.Check(state, (EpisodeEvent)e, now);

    public override IEnumerable<string> ChildrenOf(EpisodeState state) => [state.Facts.ChildReference];

    public override void Project(MissingEpisode episode, EpisodeState state, IReadOnlyDictionary<string, Child> children)
    {
        var f = state.Facts;
        episode.Child = children[f.ChildReference];
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
    }

    public override IReadOnlyList<Obligation> Obligations(MissingEpisode episode, EpisodeState state, SafeguardPolicy policy) =>
        EpisodeHistory.Obligations(state, policy.Missing);
}
