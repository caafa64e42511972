using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App;

/// <summary>
/// Configuration section <c>Policy</c>: the whole policy, versioned as one (ADR 0010) — <c>Attendance</c>,
/// <c>Notices</c>, <c>Missing</c> and <c>TimeZone</c> (IANA; default Europe/London), every value with the DESIGN.md default.
/// </summary>
public sealed class PolicyOptions
{
    public AttendancePolicyOptions Attendance { get; set; } = new();
    public NoticePolicyOptions Notices { get; set; } = new();
    public MissingPolicyOptions Missing { get; set; } = new();
    public string TimeZone { get; set; } = "Europe/London";

    public static PolicyOptions Read(IConfiguration configuration)
    {
        var options = new PolicyOptions();
        configuration.GetSection("Policy").Bind(options);
        return options;
    }

    /// <summary>The policy these settings describe; throws naming the setting when a value is unusable.</summary>
    public SafeguardPolicy ToPolicy()
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone?.Trim() ?? "")
            ?? throw new InvalidOperationException($"Policy:TimeZone is not usable: '{TimeZone}' is not an IANA time zone (for example Europe/London)");
        var policy = new SafeguardPolicy(Attendance.ToPolicy(), Notices.ToPolicy(), Missing.ToPolicy(), zone);
        if (policy.Validate() is { Count: > 0 } problems) throw new InvalidOperationException("Policy is not usable: " + string.Join("; ", problems));
        return policy;
    }
}

/// <summary>
/// Configuration section <c>Policy:Attendance</c>; every value has the DESIGN.md default. Minutes for targets,
/// a fraction for the warning, percent for the compliance target.
/// </summary>
public sealed class AttendancePolicyOptions
{
    public double ImmediateUrbanMinutes { get; set; } = 15;
    public double ImmediateRuralMinutes { get; set; } = 20;
    public double PriorityMinutes { get; set; } = 60;
    public double ScheduledMinutes { get; set; } = 48 * 60;
    public double WarningFraction { get; set; } = 0.75;
    public GradeBasis GradeBasis { get; set; } = GradeBasis.Initial;
    public double PriorityTargetPercent { get; set; } = 75;
    public List<string> RuralDistricts { get; set; } = [];

    /// <summary>The escalation chain; empty means the default (warning → control room, breach → duty inspector, +30 min → superintendent).</summary>
    public List<EscalationStepOptions> Escalation { get; set; } = [];

    public double EscalationCatchUpHours { get; set; } = 24;

    /// <summary>The "child seen and spoken to" target for child-involved incidents.</summary>
    public double ChildSeenHours { get; set; } = 24;

    /// <summary>The child-seen clock's chain; empty means the default (supervisor, duty inspector, superintendent a day on).</summary>
    public List<EscalationStepOptions> ChildSeenEscalation { get; set; } = [];

    /// <summary>The policy these settings describe; throws when a value is unusable.</summary>
    public AttendancePolicy ToPolicy()
    {
        var options = this;
        var policy = new AttendancePolicy
        {
            ImmediateUrban = Duration.FromMinutes(options.ImmediateUrbanMinutes),
            ImmediateRural = Duration.FromMinutes(options.ImmediateRuralMinutes),
            Priority = Duration.FromMinutes(options.PriorityMinutes),
            Scheduled = Duration.FromMinutes(options.ScheduledMinutes),
            WarningFraction = options.WarningFraction,
            GradeBasis = options.GradeBasis,
            PriorityTargetPercent = options.PriorityTargetPercent,
            RuralDistricts = new HashSet<string>(options.RuralDistricts, StringComparer.OrdinalIgnoreCase),
            Escalation = EscalationStepOptions.Chain(options.Escalation, EscalationPolicy.DefaultAttendance, "Policy:Attendance:Escalation"),
            ChildSeenEscalation = EscalationStepOptions.Chain(options.ChildSeenEscalation, AttendancePolicy.Default.ChildSeenEscalation, "Policy:Attendance:ChildSeenEscalation"),
            EscalationCatchUp = Duration.FromHours(options.EscalationCatchUpHours),
            ChildSeen = Duration.FromHours(options.ChildSeenHours),
        };
        var problems = policy.Validate();
        if (problems.Count > 0)
            throw new InvalidOperationException("Policy:Attendance is not usable: " + string.Join("; ", problems));
        return policy;
    }
}

public sealed class EscalationStepOptions
{
    public string Name { get; set; } = "";
    public EscalationTrigger Trigger { get; set; }
    public double AfterMinutes { get; set; }
    public string Recipient { get; set; } = "";

    /// <summary>The configured chain, or <paramref name="fallback"/> when none is configured; throws naming what is unusable.</summary>
    public static EscalationPolicy Chain(IReadOnlyList<EscalationStepOptions> steps, EscalationPolicy fallback, string section)
    {
        if (steps.Count == 0) return fallback;
        var chain = new EscalationPolicy([.. steps.Select(s => new EscalationStep(s.Name, s.Trigger, Duration.FromMinutes(s.AfterMinutes), s.Recipient))]);
        if (chain.Validate() is { Count: > 0 } problems) throw new InvalidOperationException($"{section} is not usable: " + string.Join("; ", problems));
        return chain;
    }
}

/// <summary>Configuration section <c>Policy:Missing</c>; every value has the DESIGN.md default.</summary>
public sealed class MissingPolicyOptions
{
    public double HighAttendanceMinutes { get; set; } = 15;
    public double MediumAttendanceMinutes { get; set; } = 60;
    public double LowAttendanceMinutes { get; set; } = 24 * 60;
    public double HighReviewMinutes { get; set; } = 60;
    public double MediumReviewMinutes { get; set; } = 6 * 60;
    public double LowReviewMinutes { get; set; } = 24 * 60;
    public double PreventionInterviewHours { get; set; } = 24;
    public double ReturnInterviewHours { get; set; } = 72;
    public int RepeatEpisodes { get; set; } = 3;
    public double RepeatWindowDays { get; set; } = 90;

    /// <summary>The chain for every episode clock; empty means the default (coordinator, duty inspector, superintendent an hour on).</summary>
    public List<EscalationStepOptions> Escalation { get; set; } = [];

    public double EscalationCatchUpHours { get; set; } = 24;

    public Safeguard.Domain.Missing.MissingPolicy ToPolicy()
    {
        var o = this;
        var durations = new[] { o.HighAttendanceMinutes, o.MediumAttendanceMinutes, o.LowAttendanceMinutes, o.HighReviewMinutes, o.MediumReviewMinutes, o.LowReviewMinutes, o.PreventionInterviewHours, o.ReturnInterviewHours, o.RepeatWindowDays };
        if (durations.Any(d => d <= 0) || o.RepeatEpisodes < 2)
            throw new InvalidOperationException("Policy:Missing is not usable: durations must be positive and RepeatEpisodes at least 2");
        return new Safeguard.Domain.Missing.MissingPolicy
        {
            HighAttendance = Duration.FromMinutes(o.HighAttendanceMinutes),
            MediumAttendance = Duration.FromMinutes(o.MediumAttendanceMinutes),
            LowAttendance = Duration.FromMinutes(o.LowAttendanceMinutes),
            HighReview = Duration.FromMinutes(o.HighReviewMinutes),
            MediumReview = Duration.FromMinutes(o.MediumReviewMinutes),
            LowReview = Duration.FromMinutes(o.LowReviewMinutes),
            PreventionInterview = Duration.FromHours(o.PreventionInterviewHours),
            ReturnInterview = Duration.FromHours(o.ReturnInterviewHours),
            RepeatEpisodes = o.RepeatEpisodes,
            RepeatWindow = Duration.FromDays(o.RepeatWindowDays),
            Escalation = EscalationStepOptions.Chain(o.Escalation, Safeguard.Domain.Missing.MissingPolicy.Default.Escalation, "Policy:Missing:Escalation"),
            EscalationCatchUp = Duration.FromHours(o.EscalationCatchUpHours),
        };
    }
}

/// <summary>Configuration section <c>Policy:Notices</c>; every value has the DESIGN.md default.</summary>
public sealed class NoticePolicyOptions
{
    public double SubmissionHours { get; set; } = 24;
    public double ReviewHours { get; set; } = 24;
    public double HighRiskReviewHours { get; set; } = 4;
    public double SharingHours { get; set; } = 24;
    public int EscalatingNotices { get; set; } = 3;
    public double EscalatingWindowDays { get; set; } = 90;
    public int EncompassMinimumAge { get; set; } = 4;
    public int EncompassMaximumAge { get; set; } = 17;

    /// <summary>School terms (inclusive, yyyy-MM-dd) for Operation Encompass; none means every weekday but bank holidays is a school day.</summary>
    public List<TermOptions> SchoolTerms { get; set; } = [];

    /// <summary>Other days schools are closed within terms (yyyy-MM-dd): training days, local holidays.</summary>
    public List<string> SchoolClosures { get; set; } = [];

    /// <summary>The chain for every open notice clock; empty means the default (MASH, MASH supervisor, superintendent a day on).</summary>
    public List<EscalationStepOptions> Escalation { get; set; } = [];

    /// <summary>The chain for a child-involved incident's PPN-due clock; empty means the default (supervisor, duty inspector, superintendent a day on).</summary>
    public List<EscalationStepOptions> DueEscalation { get; set; } = [];

    public double EscalationCatchUpHours { get; set; } = 24;

    public Safeguard.Domain.Notices.NoticePolicy ToPolicy()
    {
        var o = this;
        if (new[] { o.SubmissionHours, o.ReviewHours, o.HighRiskReviewHours, o.SharingHours, o.EscalatingWindowDays }.Any(d => d <= 0) || o.EscalatingNotices < 2)
            throw new InvalidOperationException("Policy:Notices is not usable: durations must be positive and EscalatingNotices at least 2");
        if (o.EncompassMinimumAge < 0 || o.EncompassMaximumAge < o.EncompassMinimumAge)
            throw new InvalidOperationException("Policy:Notices is not usable: EncompassMinimumAge must be 0 or more and at most EncompassMaximumAge");
        var terms = o.SchoolTerms.Select((t, i) => (First: Date(t.First, $"SchoolTerms:{i}:First"), Last: Date(t.Last, $"SchoolTerms:{i}:Last"))).ToList();
        if (terms.Any(t => t.Last < t.First))
            throw new InvalidOperationException("Policy:Notices is not usable: a school term ends before it starts");
        return new Safeguard.Domain.Notices.NoticePolicy
        {
            Escalation = EscalationStepOptions.Chain(o.Escalation, Safeguard.Domain.Notices.NoticePolicy.Default.Escalation, "Policy:Notices:Escalation"),
            DueEscalation = EscalationStepOptions.Chain(o.DueEscalation, Safeguard.Domain.Notices.NoticePolicy.Default.DueEscalation, "Policy:Notices:DueEscalation"),
            EscalationCatchUp = Duration.FromHours(o.EscalationCatchUpHours),
            EncompassMinimumAge = o.EncompassMinimumAge,
            EncompassMaximumAge = o.EncompassMaximumAge,
            SchoolDays = new Safeguard.Domain.Calendars.SchoolDays(terms, o.SchoolClosures.Select((d, i) => Date(d, $"SchoolClosures:{i}"))),
            Submission = Duration.FromHours(o.SubmissionHours),
            Review = Duration.FromHours(o.ReviewHours),
            HighRiskReview = Duration.FromHours(o.HighRiskReviewHours),
            Sharing = Duration.FromHours(o.SharingHours),
            EscalatingNotices = o.EscalatingNotices,
            EscalatingWindow = Duration.FromDays(o.EscalatingWindowDays),
        };
    }

    private static LocalDate Date(string text, string key) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(text?.Trim() ?? "") is { Success: true } r ? r.Value
            : throw new InvalidOperationException($"Policy:Notices is not usable: {key} is not a date as yyyy-MM-dd");
}

public sealed class TermOptions
{
    public string First { get; set; } = "";
    public string Last { get; set; } = "";
}
