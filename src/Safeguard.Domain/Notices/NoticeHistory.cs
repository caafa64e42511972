using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Notices;

/// <summary>What the MASH decided on review.</summary>
public enum NoticeDecision
{
    NoFurtherAction,
    EarlyHelp,
    ReferralToChildrensSocialCare,
    StrategyDiscussion,
}

/// <summary>Something that happened to a public protection notice, appended to its history and never changed afterwards.</summary>
public abstract record NoticeEvent(Instant At, string Author, string? Reason) : SubjectEvent(At, Author, Reason);

/// <summary>An officer submitted the notice, with the narrative and the voice of the child (personal data: kept in the event, never logged).</summary>
public sealed record NoticeSubmitted(Instant At, string Author, string ChildReference, string? IncidentReference, NoticeType Type, OfficerRisk OfficerRisk,
    Instant OccurredAt, string Narrative, string? VoiceOfChild) : NoticeEvent(At, Author, null);

/// <summary>
/// The MASH reviewed the notice: RAG with rationale, a decision, and the agencies to share with (required for red and
/// amber). A RAG that departs from the officer's risk needs a reason.
/// </summary>
public sealed record NoticeReviewed(Instant At, string Author, Rag Rag, string Rationale, NoticeDecision Decision, IReadOnlyList<string> ShareWith, string? RiskChangeReason)
    : NoticeEvent(At, Author, RiskChangeReason);

/// <summary>The notice was shared with an agency: what, on what lawful basis.</summary>
/// <summary>
/// The notice shared with one agency; its reason says why, when the review did not decide to share with it.
/// </summary>
public sealed record NoticeSharedWith(Instant At, string Author, string Agency, string What, string LawfulBasis, string? Reason = null) : NoticeEvent(At, Author, Reason);

/// <summary>Operation Encompass: the child's school (its key adult) was told; <see cref="What"/> is what was shared.</summary>
public sealed record NoticeSchoolNotified(Instant At, string Author, string School, string What) : NoticeEvent(At, Author, null);

/// <summary>A whole statement of a notice's facts from a file (first import, or a re-import that changed them).</summary>
public sealed record NoticeRecorded(Instant At, string Author, string? Reason, NoticeFacts Facts) : NoticeEvent(At, Author, Reason);

public static class NoticeRules
{
    /// <summary>The RAG that matches an officer's risk: high is red, medium amber, standard green.</summary>
    public static Rag Matching(OfficerRisk risk) => risk switch
    {
        OfficerRisk.High => Rag.Red,
        OfficerRisk.Medium => Rag.Amber,
        OfficerRisk.Standard => Rag.Green,
    };

    /// <summary>Why <paramref name="e"/> may not be recorded on a notice with these facts at <paramref name="now"/>, or null.</summary>
    public static RuleViolation? Check(NoticeFacts facts, NoticeEvent e, Instant now)
    {
        if (e.At > now + IncidentHistory.ClockSkew) return new RuleViolation("An event cannot be recorded before it has happened.");
        return e switch
        {
            NoticeSubmitted or NoticeRecorded => new RuleViolation("The notice is already submitted.", IsConflict: true),
            NoticeReviewed when facts.ReviewedAt is not null => new RuleViolation("The notice is already reviewed.", IsConflict: true),
            NoticeReviewed r when r.At < facts.SubmittedAt => new RuleViolation("A review cannot come before the submission."),
            NoticeReviewed r when string.IsNullOrWhiteSpace(r.Rationale) => new RuleViolation("A review needs a rationale."),
            NoticeReviewed r when r.Rag != Matching(facts.OfficerRisk) && string.IsNullOrWhiteSpace(r.RiskChangeReason) =>
                new RuleViolation("The RAG departs from the officer's risk: give the reason."),
            NoticeReviewed r when NoticePolicy.SharingRequired(r.Rag) && r.ShareWith.Count == 0 =>
                new RuleViolation("A red or amber review names the agencies to share with."),
            NoticeSharedWith when facts.ReviewedAt is null => new RuleViolation("A notice is shared after its review.", IsConflict: true),
            NoticeSharedWith s when s.At < facts.ReviewedAt => new RuleViolation("Sharing cannot come before the review."),
            NoticeSharedWith s when string.IsNullOrWhiteSpace(s.What) || string.IsNullOrWhiteSpace(s.Agency) =>
                new RuleViolation("Sharing records the agency and what was shared."),
            NoticeSharedWith s when !NoticeFacts.Agencies(facts.ShareDecided).Contains(s.Agency, StringComparer.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(s.Reason) =>
                new RuleViolation("The review did not decide to share with this agency: record why it is shared all the same."),
            NoticeSchoolNotified when facts.Type != NoticeType.DomesticAbuse =>
                new RuleViolation("Operation Encompass notifications are for domestic-abuse notices.", IsConflict: true),
            NoticeSchoolNotified when facts.SchoolNotifiedAt is not null => new RuleViolation("The school is already notified.", IsConflict: true),
            NoticeSchoolNotified n when n.At < facts.OccurredAt => new RuleViolation("The school cannot be told before the incident."),
            NoticeSchoolNotified n when string.IsNullOrWhiteSpace(n.School) || string.IsNullOrWhiteSpace(n.What) =>
                new RuleViolation("The notification records the school and what was shared."),
            _ => null,
        };
    }

    public static NoticeFacts Apply(NoticeFacts? facts, NoticeEvent e) => (facts, e) switch
    {
        // A file states the notice's own facts; an Operation Encompass notification recorded here stays.
        (_, NoticeRecorded r) => r.Facts.AsInFile() with { SchoolNotifiedAt = facts?.SchoolNotifiedAt, Decision = facts?.Decision },
        (null, NoticeSubmitted s) => new NoticeFacts(s.ChildReference, s.IncidentReference, s.Type, s.OfficerRisk, s.OccurredAt, s.At, null, null, null, null),
        (null, _) => throw new InvalidOperationException("A notice's history starts with its submission."),
        ({ } f, NoticeReviewed r) => f with { ReviewedAt = r.At, Rag = r.Rag, Decision = r.Decision, ShareDecided = r.ShareWith.Count == 0 ? null : string.Join("; ", r.ShareWith) },
        ({ } f, NoticeSharedWith s) => Shared(f, s),
        ({ } f, NoticeSchoolNotified n) => f with { SchoolNotifiedAt = n.At },
        _ => throw new InvalidOperationException($"Unknown notice event {e.GetType().Name}."),
    };

    /// <summary>Adds a share; sharing is complete when every agency the review decided on has had it.</summary>
    private static NoticeFacts Shared(NoticeFacts f, NoticeSharedWith s)
    {
        var sharedWith = f.SharedWith is null ? s.Agency : f.SharedWith + "; " + s.Agency;
        var shared = NoticeFacts.Agencies(sharedWith).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var complete = NoticeFacts.Agencies(f.ShareDecided).All(shared.Contains);
        return f with { SharedWith = sharedWith, SharedAt = f.SharedAt ?? (complete ? s.At : null) };
    }

    /// <summary>
    /// The notice's obligations: submission (from the concern; met or late once the notice exists, never escalated),
    /// MASH review (from submission), after a red or amber review sharing, and for a domestic-abuse notice about a child
    /// of school age Operation Encompass (from the incident to 09:00 on the next school day in the policy's zone).
    /// <paramref name="dateOfBirth"/> is the child's, if recorded. Each is about the notice's child.
    /// </summary>
    public static IReadOnlyList<Obligation> Obligations(NoticeFacts f, SafeguardPolicy safeguard, LocalDate? dateOfBirth = null) =>
        [.. Clocks(f, safeguard, dateOfBirth).Select(c => new Obligation(c, Child: f.ChildReference))];

    /// <summary>The clocks of <see cref="Obligations"/>.</summary>
    public static IReadOnlyList<Clock> Clocks(NoticeFacts f, SafeguardPolicy safeguard, LocalDate? dateOfBirth = null)
    {
        var policy = safeguard.Notices;
        var w = policy.WarningFraction;
        var clocks = new List<Clock>
        {
            new(ClockKind.NoticeSubmission, f.OccurredAt, policy.Submission, w, Stop: f.SubmittedAt),
            ReviewClock(f, policy),
        };
        if (f.ReviewedAt is { } reviewed && NoticePolicy.SharingRequired(f.Rag))
            clocks.Add(new Clock(ClockKind.PartnerSharing, reviewed, policy.Sharing, w, Stop: f.SharedAt));
        if (policy.EncompassApplies(f.Type, f.OccurredAt, dateOfBirth, safeguard.Zone))
        {
            var due = policy.SchoolDays.NextSchoolStart(f.OccurredAt, safeguard.Zone);
            clocks.Add(new Clock(ClockKind.Encompass, f.OccurredAt, due - f.OccurredAt, w, Stop: f.SchoolNotifiedAt));
        }
        return clocks;
    }

    /// <summary>The MASH review clock: from submission, 4 hours when the officer's risk is high, else 24, stopped by the review.</summary>
    public static Clock ReviewClock(NoticeFacts f, NoticePolicy policy) =>
        new(ClockKind.MashReview, f.SubmittedAt, policy.ReviewTarget(f.OfficerRisk), policy.WarningFraction, Stop: f.ReviewedAt);
}
