using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.Domain.Subjects;

/// <summary>
/// Something that happened to a subject — an incident, a notice, a missing episode or a child's record — appended to
/// its history and never changed afterwards. <see cref="At"/> is when it happened (for a correction or a file: when it
/// was recorded); <see cref="Author"/> who or what recorded it (a user name, an API client, an import, the clock engine).
/// </summary>
public abstract record SubjectEvent(Instant At, string Author, string? Reason);

/// <summary>
/// A step of the escalation chain of one of the subject's clocks fired: <see cref="Recipient"/> was told. Shared by every
/// kind of subject; it changes none of the subject's facts. <see cref="SubjectEvent.At"/> is the instant the step came due.
/// </summary>
public sealed record ClockEscalated(Instant At, string Author, ClockKind Clock, int Cycle, string Step, string Recipient)
    : SubjectEvent(At, Author, $"{Clock.Name()} clock: {Step}");

/// <summary>A broken rule: <see cref="IsConflict"/> when the subject's state forbids it (HTTP 409), else the request itself is invalid (422).</summary>
public sealed record RuleViolation(string Message, bool IsConflict = false);

/// <summary>
/// One obligation a subject owes, as its domain derives it from the subject's facts: the clock, which cycle of a
/// repeating obligation it is (0 when it does not repeat; each missing risk review, each child named on an incident),
/// and the child it is about (by reference; null when it is about no one child in particular). The ledger keeps one row
/// per (subject, kind, cycle).
/// </summary>
public sealed record Obligation(Clock Clock, int Cycle = 0, string? Child = null);
