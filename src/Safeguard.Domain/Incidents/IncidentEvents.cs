using NodaTime;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Incidents;

/// <summary>
/// Something that happened to an incident, appended to its history and never changed afterwards.
/// <see cref="SubjectEvent.At"/> is when it happened (for a correction: when the correction was made).
/// </summary>
public abstract record IncidentEvent(Instant At, string Author, string? Reason) : SubjectEvent(At, Author, Reason);

/// <summary>The incident was created by command and control with its first grade, and the children it names, if any.</summary>
public sealed record IncidentCreated(Instant At, string Author, Grade Grade, bool ChildrenInvolved, string? District, string? Category,
    IReadOnlyList<string>? ChildReferences = null) : IncidentEvent(At, Author, null);

public sealed record IncidentDispatched(Instant At, string Author) : IncidentEvent(At, Author, null);

/// <summary>An officer arrived. The attendance clock stops at the first arrival.</summary>
public sealed record IncidentArrived(Instant At, string Author) : IncidentEvent(At, Author, null);

/// <summary>The grade changed. A downgrade names the supervisor who authorised it and why.</summary>
public sealed record IncidentRegraded(Instant At, string Author, Grade Grade, string? Supervisor, string? Reason)
    : IncidentEvent(At, Author, Reason);

public sealed record IncidentClosed(Instant At, string Author) : IncidentEvent(At, Author, null);

/// <summary>
/// The six THRIVE considerations (threat, harm, risk, investigation, vulnerability, engagement), each with a note: the
/// risk reassessment the inspectorate expects when attendance is delayed.
/// </summary>
public sealed record Thrive(string Threat, string Harm, string Risk, string Investigation, string Vulnerability, string Engagement)
{
    public const int MaxNoteLength = 2000;

    public IEnumerable<(string Name, string Note)> Notes() =>
    [
        ("threat", Threat), ("harm", Harm), ("risk", Risk), ("investigation", Investigation), ("vulnerability", Vulnerability), ("engagement", Engagement),
    ];
}

/// <summary>The risk was reassessed with THRIVE (typically because attendance is delayed).</summary>
public sealed record IncidentReassessed(Instant At, string Author, Thrive Thrive) : IncidentEvent(At, Author, null);

/// <summary>The caller was told that attendance is delayed.</summary>
public sealed record IncidentCallerUpdated(Instant At, string Author, string? Note) : IncidentEvent(At, Author, Note);

/// <summary>
/// Command and control learned during the incident that children are involved (a person under 18 recorded on it): the
/// incident's child clocks start, from its creation, as if it had been created so.
/// </summary>
public sealed record IncidentChildrenInvolved(Instant At, string Author) : IncidentEvent(At, Author, null);

/// <summary>A child involved in the incident was named (by command and control or an officer), by the child's reference.</summary>
public sealed record IncidentChildLinked(Instant At, string Author, string ChildReference) : IncidentEvent(At, Author, null);

/// <summary>
/// A child involved in the incident was seen and spoken to; what the child said is kept with the child's contact record,
/// not here. Names the child on the incident if it was not named yet, and stops that child's child-seen clock.
/// </summary>
public sealed record IncidentChildSeen(Instant At, string Author, string ChildReference) : IncidentEvent(At, Author, null);

/// <summary>
/// A public protection notice about the incident was submitted (<see cref="SubmittedAt"/>) about a child
/// (<see cref="ChildReference"/>): recorded on the incident so that its PPN-due clock stops, and the child is named on
/// it. A later statement for the same notice replaces the earlier one.
/// </summary>
public sealed record IncidentNoticeLinked(Instant At, string Author, string NoticeReference, Instant SubmittedAt, string? ChildReference = null)
    : IncidentEvent(At, Author, null);

/// <summary>A notice that named the incident no longer does (a corrected file).</summary>
public sealed record IncidentNoticeUnlinked(Instant At, string Author, string NoticeReference) : IncidentEvent(At, Author, null);

/// <summary>A supervisor recorded why no public protection notice is needed for this child-involved incident.</summary>
public sealed record IncidentNoticeNotNeeded(Instant At, string Author, string Why) : IncidentEvent(At, Author, Why)
{
    public const int MaxReasonLength = 2000;
}

/// <summary>
/// A whole statement of the incident's facts from a backfill file: the first import of a reference, or a later
/// import that changed what an earlier one said. Earlier events stay in the history; the facts from here on are these,
/// with what was recorded in Safeguard itself kept (see <see cref="IncidentHistory.Apply"/>).
/// </summary>
public sealed record IncidentRecorded(Instant At, string Author, string? Reason, IncidentFacts Facts)
    : IncidentEvent(At, Author, Reason);

/// <summary>A child named on an incident, and when the child was first seen and spoken to about it.</summary>
public sealed record IncidentChild(string Reference, Instant? SeenAt = null);

/// <summary>A notice about the incident, and when it was submitted.</summary>
public sealed record LinkedNotice(string Reference, Instant SubmittedAt);

/// <summary>The actions taken when attendance is delayed: a THRIVE reassessment, and telling the caller.</summary>
[Flags]
public enum DelayActions
{
    None = 0,
    Reassessment = 1,
    CallerUpdate = 2,
    Both = Reassessment | CallerUpdate,
}

/// <summary>A supervisor's record that no notice is needed: when, who, why.</summary>
public sealed record NoticeWaiver(Instant At, string By, string Why);

/// <summary>
/// What the history of an incident amounts to at its latest event. <see cref="ArrivedAt"/> is the first arrival;
/// <see cref="InitialGrade"/> the grade given at creation and <see cref="CurrentGrade"/> the latest;
/// <see cref="ReassessedAt"/> and <see cref="CallerToldAt"/> the first THRIVE reassessment and caller update.
/// <see cref="Children"/> are the children named, in the order they were named; <see cref="Notices"/> the notices
/// about the incident; <see cref="NoticeNotNeeded"/> a supervisor's record that none is needed. <see cref="NotInSource"/>
/// are the delay actions the incident's source does not record at all (a file without <c>reassessed_at</c> or
/// <c>caller_told_at</c>), so that none recorded means "not known", not "not done". Safeguard's own records keep both
/// (<see cref="IncidentCreated"/> starts with none missing); facts a file states carry neither unless they say so, which
/// is also how the facts of files imported before these columns existed are read back.
/// </summary>
public sealed record IncidentFacts(
    Instant CreatedAt,
    Grade InitialGrade,
    Grade CurrentGrade,
    bool ChildrenInvolved,
    string? District,
    string? Category,
    Instant? DispatchedAt,
    Instant? ArrivedAt,
    Instant? ClosedAt,
    Instant? ReassessedAt = null,
    Instant? CallerToldAt = null,
    IReadOnlyList<IncidentChild>? Children = null,
    IReadOnlyList<LinkedNotice>? Notices = null,
    NoticeWaiver? NoticeNotNeeded = null,
    DelayActions NotInSource = DelayActions.Both)
{
    public Grade GradeFor(GradeBasis basis) => basis switch
    {
        GradeBasis.Initial => InitialGrade,
        GradeBasis.Final => CurrentGrade,
    };

    public IReadOnlyList<IncidentChild> NamedChildren => Children ?? [];

    public IReadOnlyList<LinkedNotice> LinkedNotices => Notices ?? [];

    /// <summary>When a child named on the incident was first seen and spoken to, or null.</summary>
    public Instant? FirstChildSeenAt() => NamedChildren.Select(c => c.SeenAt).Where(s => s is not null).Min();

    /// <summary>When the first notice about the incident was submitted, or null.</summary>
    public Instant? FirstNoticeAt() => LinkedNotices.Count == 0 ? null : LinkedNotices.Min(n => n.SubmittedAt);

    /// <summary>Value equality, the lists compared item by item (a record alone would compare them by reference).</summary>
    public bool Equals(IncidentFacts? other) =>
        other is not null
        && (CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, District, Category, DispatchedAt, ArrivedAt, ClosedAt, ReassessedAt, CallerToldAt, NoticeNotNeeded, NotInSource)
        == (other.CreatedAt, other.InitialGrade, other.CurrentGrade, other.ChildrenInvolved, other.District, other.Category, other.DispatchedAt, other.ArrivedAt,
            other.ClosedAt, other.ReassessedAt, other.CallerToldAt, other.NoticeNotNeeded, other.NotInSource)
        && NamedChildren.SequenceEqual(other.NamedChildren) && LinkedNotices.SequenceEqual(other.LinkedNotices);

    public override int GetHashCode() => HashCode.Combine(CreatedAt, InitialGrade, CurrentGrade, ChildrenInvolved, District, ArrivedAt, NamedChildren.Count, LinkedNotices.Count);
}
