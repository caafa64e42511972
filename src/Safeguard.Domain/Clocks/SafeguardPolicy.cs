using NodaTime;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;

namespace Safeguard.Domain.Clocks;

/// <summary>
/// Every rule a clock runs under, versioned as a whole: attendance and child seen, notices (with the school calendar),
/// missing children, and the time zone in which calendars, report periods and local times are read. A clock keeps the
/// version in force when it started.
/// </summary>
public sealed record SafeguardPolicy(AttendancePolicy Attendance, NoticePolicy Notices, MissingPolicy Missing, DateTimeZone Zone)
{
    public static SafeguardPolicy Default { get; } = new(AttendancePolicy.Default, NoticePolicy.Default, MissingPolicy.Default, Time.WallClock.London);

    /// <summary>The chain that escalates a kind of clock; null for a kind that is never escalated (submission is met or late once the notice exists).</summary>
    public EscalationPolicy? ChainFor(ClockKind kind) => kind switch
    {
        ClockKind.Attendance => Attendance.Escalation,
        ClockKind.ChildSeen => Attendance.ChildSeenEscalation,
        ClockKind.NoticeDue => Notices.DueEscalation,
        ClockKind.NoticeSubmission => null,
        ClockKind.MashReview or ClockKind.PartnerSharing or ClockKind.Encompass => Notices.Escalation,
        ClockKind.MissingAttendance or ClockKind.MissingReview or ClockKind.PreventionInterview or ClockKind.ReturnInterview => Missing.Escalation,
    };

    /// <summary>How late a step already past when its clock became known may still fire (see <see cref="EscalationPolicy.CanFire"/>).</summary>
    public Duration CatchUpFor(ClockKind kind) => kind switch
    {
        ClockKind.Attendance or ClockKind.ChildSeen => Attendance.EscalationCatchUp,
        ClockKind.NoticeDue or ClockKind.NoticeSubmission or ClockKind.MashReview or ClockKind.PartnerSharing or ClockKind.Encompass => Notices.EscalationCatchUp,
        ClockKind.MissingAttendance or ClockKind.MissingReview or ClockKind.PreventionInterview or ClockKind.ReturnInterview => Missing.EscalationCatchUp,
    };

    /// <summary>Lists what is wrong with the policy; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate() =>
        [.. Attendance.Validate().Select(p => "Attendance: " + p), .. Notices.Validate().Select(p => "Notices: " + p), .. Missing.Validate().Select(p => "Missing: " + p)];
}
