using Safeguard.Domain.Children;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;

namespace Safeguard.Domain.Subjects;

/// <summary>
/// What is left of an event about a child once the child's record is erased: the facts the clocks and the figures need
/// (when, who acted, the grade, the risk level, the decision, which agency) stay; what identifies or describes the child
/// — the name, date of birth and school, what they said and how they seemed, the officer's narrative, the MASH's
/// rationale, what was shared, where a missing child was found and by whom, the information behind the risk, an
/// incident's THRIVE and caller notes, notes and reasons — goes.
/// </summary>
public static class Erasure
{
    public const string Erased = "[erased]";

    public static SubjectEvent Redact(SubjectEvent e) => e switch
    {
        ChildDetailsRecorded d => d with { Details = new ChildDetails(null, null, null, false, false, false) },
        ChildContacted c => c with { Contact = c.Contact with { Said = null, Demeanour = null, ReasonNotSeen = null, SeenBy = null } },
        NoticeSubmitted n => n with { Narrative = Erased, VoiceOfChild = null },
        NoticeReviewed r => r with { Rationale = Erased, RiskChangeReason = null, Reason = null },
        NoticeSharedWith s => s with { What = Erased, Reason = null },
        NoticeSchoolNotified s => s with { School = Erased, What = Erased },
        EpisodeReported r => r with { Information = Redact(r.Information) },
        EpisodeReviewed r => r with { Reason = null, Information = Redact(r.Information) },
        EpisodeActionTaken a => a with { Note = null, Reason = null },
        EpisodeFound f => f with { Where = Erased, FoundBy = Erased },
        ExploitationIndicatorRecorded x => x with { Indicator = Erased, Reason = null },
        IncidentReassessed t => t with { Thrive = new Thrive(Erased, Erased, Erased, Erased, Erased, Erased) },
        IncidentCallerUpdated c => c with { Note = null, Reason = null },
        IncidentNoticeNotNeeded n => n with { Why = Erased, Reason = Erased },
        _ => e,
    };

    private static RiskInformation[] Redact(IReadOnlyList<RiskInformation> information) =>
        [.. information.Select(i => i with { Item = Erased, Source = Erased })];
}
