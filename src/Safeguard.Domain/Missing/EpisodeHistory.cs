using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Missing;

/// <summary>An item of information behind a risk assessment: what, where it came from, and when it was obtained.</summary>
public sealed record RiskInformation(string Item, string Source, Instant ObtainedAt);

/// <summary>What was done to find the child.</summary>
public enum EpisodeActionKind
{
    SchoolContacted,
    FamilyContacted,
    FriendsContacted,
    PlaceSearched,
}

/// <summary>Something that happened in a missing episode, appended to its history and never changed afterwards.</summary>
public abstract record EpisodeEvent(Instant At, string Author, string? Reason) : SubjectEvent(At, Author, Reason);

/// <summary>The child was reported missing, with the risk assessed at report.</summary>
public sealed record EpisodeReported(Instant At, string Author, string ChildReference, RiskLevel Risk, string? District, IReadOnlyList<RiskInformation> Information)
    : EpisodeEvent(At, Author, null);

/// <summary>An officer attended to take the report and assess risk.</summary>
public sealed record EpisodeAttended(Instant At, string Author) : EpisodeEvent(At, Author, null);

/// <summary>
/// The risk was reviewed while the child was missing. Each review resets the review clock; a different level
/// re-targets the clocks from this instant and needs a reason.
/// </summary>
public sealed record EpisodeReviewed(Instant At, string Author, RiskLevel Risk, string? Reason, IReadOnlyList<RiskInformation> Information)
    : EpisodeEvent(At, Author, Reason);

public sealed record EpisodeActionTaken(Instant At, string Author, EpisodeActionKind Kind, string? Note) : EpisodeEvent(At, Author, Note);

public sealed record EpisodeFound(Instant At, string Author, string Where, string FoundBy) : EpisodeEvent(At, Author, null);

public sealed record PreventionInterviewHeld(Instant At, string Author) : EpisodeEvent(At, Author, null);

public sealed record ReturnInterviewOffered(Instant At, string Author) : EpisodeEvent(At, Author, null);

public sealed record ReturnInterviewHeld(Instant At, string Author) : EpisodeEvent(At, Author, null);

public sealed record ExploitationIndicatorRecorded(Instant At, string Author, string Indicator) : EpisodeEvent(At, Author, Indicator);

/// <summary>A whole statement of an episode's facts from a file (first import, or a re-import that changed them).</summary>
public sealed record EpisodeRecorded(Instant At, string Author, string? Reason, EpisodeFacts Facts) : EpisodeEvent(At, Author, Reason);

/// <summary>A risk review while the child was missing: when, and the level it set.</summary>
public sealed record RiskReview(Instant At, RiskLevel Risk);

/// <summary>
/// An episode's state after its events, with what the clocks need beyond <see cref="EpisodeFacts"/>: every risk review
/// (each starts the next review cycle) and when the risk level last changed.
/// </summary>
public sealed record EpisodeState(EpisodeFacts Facts, IReadOnlyList<RiskReview> Reviews, Instant? RiskChangedAt, int ExploitationIndicators)
{
    /// <summary>When the risk was last reviewed, or the report when it has not been.</summary>
    public Instant LastReviewAt => Reviews.Count == 0 ? Facts.ReportedAt : Reviews.Max(r => r.At);
}

/// <summary>Folds an episode's events, checks new ones, and derives its clocks.</summary>
public static class EpisodeHistory
{
    public const int MaxTextLength = 2000;

    public static EpisodeState Apply(EpisodeState? state, EpisodeEvent e)
    {
        if (state is null)
        {
            return e switch
            {
                EpisodeReported r => new EpisodeState(
                    new EpisodeFacts(r.ChildReference, r.At, r.Risk, r.Risk, null, null, null, null, null, r.District), [], null, 0),
                EpisodeRecorded r => new EpisodeState(r.Facts with { CurrentRisk = r.Facts.RiskAtReport }, [], null, 0),
                _ => throw new InvalidOperationException("An episode's history starts with its report."),
            };
        }
        var f = state.Facts;
        return e switch
        {
            EpisodeReported => throw new InvalidOperationException("An episode is reported once."),
            EpisodeAttended a => state with { Facts = f with { AttendedAt = f.AttendedAt ?? a.At } },
            EpisodeReviewed v => state with
            {
                Facts = f with { CurrentRisk = v.Risk },
                Reviews = [.. state.Reviews, new RiskReview(v.At, v.Risk)],
                RiskChangedAt = v.Risk != f.CurrentRisk ? v.At : state.RiskChangedAt,
            },
            EpisodeActionTaken { Kind: EpisodeActionKind.SchoolContacted } s => state with { Facts = f with { SchoolContactedAt = f.SchoolContactedAt ?? s.At } },
            EpisodeActionTaken => state,
            EpisodeFound found => state with { Facts = f with { FoundAt = found.At } },
            PreventionInterviewHeld p => state with { Facts = f with { PreventionInterviewAt = f.PreventionInterviewAt ?? p.At } },
            ReturnInterviewOffered o => state with { Facts = f with { ReturnInterviewOfferedAt = f.ReturnInterviewOfferedAt ?? o.At } },
            ReturnInterviewHeld => state,
            ExploitationIndicatorRecorded => state with { ExploitationIndicators = state.ExploitationIndicators + 1 },
            EpisodeRecorded r => state with { Facts = r.Facts with { CurrentRisk = state.RiskChangedAt is null ? r.Facts.RiskAtReport : f.CurrentRisk } },
            _ => throw new InvalidOperationException($"Unknown episode event {e.GetType().Name}."),
        };
    }

    public static EpisodeState Project(IEnumerable<EpisodeEvent> events)
    {
        EpisodeState? state = null;
        foreach (var e in events) state = Apply(state, e);
        return state ?? throw new InvalidOperationException("An episode's history starts with its report.");
    }

    /// <summary>Why <paramref name="e"/> may not be appended at <paramref name="now"/>, or null when it may.</summary>
    public static RuleViolation? Check(EpisodeState state, EpisodeEvent e, Instant now)
    {
        var f = state.Facts;
        if (e is EpisodeReported) return new RuleViolation("The episode is already reported.", IsConflict: true);
        if (e.At > now + IncidentHistory.ClockSkew) return new RuleViolation("An event cannot be recorded before it has happened.");
        if (e.At < f.ReportedAt) return new RuleViolation("An event cannot happen before the child was reported missing.");
        return e switch
        {
            EpisodeReviewed v when v.Risk != f.CurrentRisk && string.IsNullOrWhiteSpace(v.Reason) =>
                new RuleViolation("A change of risk level needs a reason."),
            EpisodeReviewed or EpisodeAttended or EpisodeActionTaken when f.FoundAt is { } found && e.At > found =>
                new RuleViolation("The child has been found: this belongs to a new episode.", IsConflict: true),
            EpisodeFound when f.FoundAt is not null => new RuleViolation("The child is already recorded as found.", IsConflict: true),
            PreventionInterviewHeld or ReturnInterviewOffered or ReturnInterviewHeld when f.FoundAt is null =>
                new RuleViolation("The child has not been found yet.", IsConflict: true),
            PreventionInterviewHeld or ReturnInterviewOffered or ReturnInterviewHeld when e.At < f.FoundAt =>
                new RuleViolation("An interview cannot happen before the child was found."),
            _ => null,
        };
    }

    /// <summary>
    /// The episode's obligations, each about its child: attendance (from the report, or re-targeted from the latest
    /// change of risk if nobody had attended by then); a risk review cycle from the report and from each review, each
    /// met by the next review and ended by the child being found (very low risk has no attendance or review clock);
    /// after the child is found the prevention interview and the offer of a return home interview.
    /// </summary>
    public static IReadOnlyList<Obligation> Obligations(EpisodeState state, MissingPolicy policy)
    {
        var f = state.Facts;
        var w = policy.WarningFraction;
        var obligations = new List<Obligation>();
        var (attendanceStart, attendanceRisk) = state.RiskChangedAt is { } changed && (f.AttendedAt is null || f.AttendedAt >= changed)
            ? (changed, f.CurrentRisk)
            : (f.ReportedAt, f.RiskAtReport);
        if (policy.AttendanceTarget(attendanceRisk) is { } attendance)
            obligations.Add(new Obligation(new Clock(ClockKind.MissingAttendance, attendanceStart, attendance, w, Stop: f.AttendedAt, Ended: f.FoundAt), 0, f.ChildReference));

        var cycles = new List<RiskReview> { new(f.ReportedAt, f.RiskAtReport) };
        cycles.AddRange(state.Reviews.OrderBy(r => r.At));
        for (var k = 0; k < cycles.Count; k++)
        {
            if (policy.ReviewInterval(cycles[k].Risk) is not { } interval) continue;
            Instant? next = k + 1 < cycles.Count ? cycles[k + 1].At : null;
            var clock = new Clock(ClockKind.MissingReview, cycles[k].At, interval, w, Stop: next, Ended: next is null ? f.FoundAt : null);
            obligations.Add(new Obligation(clock, k, f.ChildReference));
        }

        if (f.FoundAt is { } found)
        {
            obligations.Add(new Obligation(new Clock(ClockKind.PreventionInterview, found, policy.PreventionInterview, w, Stop: f.PreventionInterviewAt), 0, f.ChildReference));
            obligations.Add(new Obligation(new Clock(ClockKind.ReturnInterview, found, policy.ReturnInterview, w, Stop: f.ReturnInterviewOfferedAt), 0, f.ChildReference));
        }
        return obligations;
    }

    /// <summary>The clocks of <see cref="Obligations"/>.</summary>
    public static IReadOnlyList<Clock> Clocks(EpisodeState state, MissingPolicy policy) => [.. Obligations(state, policy).Select(o => o.Clock)];
}
