using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Incidents;

/// <summary>
/// Something that happened to an incident, appended to its history and never changed afterwards.
/// <see cref="At"/> is when it happened (for a correction: when the correction was made); <see cref="Author"/>
/// is who or what recorded it (a user name, an API client, an import).
/// </summary>
public abstract record IncidentEvent(Instant At, string Author, string? Reason);

/// <summary>The incident was created by command and control with its first grade.</summary>
public sealed record IncidentCreated(Instant At, string Author, Grade Grade, bool ChildrenInvolved, string? District, string? Category)
    : IncidentEvent(At, Author, null);

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
/// A child involved in the incident was seen and spoken to; what the child said is kept with the child's contact record,
/// not here. Stops the child-seen clock (the first such event).
/// </summary>
public sealed record IncidentChildSeen(Instant At, string Author, string ChildReference) : IncidentEvent(At, Author, null);

/// <summary>
/// A step of a clock's escalation chain fired: <see cref="Recipient"/> was told. <see cref="IncidentEvent.At"/> is the
/// instant the step came due (not when the engine noticed, which may be later after a restart).
/// </summary>
public sealed record IncidentEscalated(Instant At, string Author, ClockKind Clock, string Step, string Recipient)
    : IncidentEvent(At, Author, $"{Clock.Name()} clock: {Step}");

/// <summary>
/// A whole statement of the incident's facts from a backfill file: the first import of a reference, or a later
/// import that changed what an earlier one said. Earlier events stay in the history; the facts from here on are these.
/// </summary>
public sealed record IncidentRecorded(Instant At, string Author, string? Reason, IncidentFacts Facts)
    : IncidentEvent(At, Author, Reason);

/// <summary>
/// What the history of an incident amounts to at its latest event. <see cref="ArrivedAt"/> is the first arrival;
/// <see cref="InitialGrade"/> the grade given at creation and <see cref="CurrentGrade"/> the latest;
/// <see cref="ReassessedAt"/> and <see cref="CallerToldAt"/> the first THRIVE reassessment and caller update;
/// <see cref="ChildSeenAt"/> the first time a child involved was seen and spoken to.
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
    Instant? ChildSeenAt = null)
{
    public Grade GradeFor(GradeBasis basis) => basis switch
    {
        GradeBasis.Initial => InitialGrade,
        GradeBasis.Final => CurrentGrade,
    };
}
