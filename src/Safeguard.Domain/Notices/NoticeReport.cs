using NodaTime;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Notices;

public sealed record SubmissionFigures(Duration Target, int WithinTarget, int Late, double? PercentWithinTarget, double? MedianHours);

public sealed record ReviewFigures(Duration Target, Duration HighRiskTarget, int WithinTarget, int Late, int NotReviewed, int Pending, double? PercentWithinTarget, double? MedianHours);

public sealed record SharingFigures(Duration Target, int Required, int WithinTarget, int Late, int NotShared, int Pending, double? PercentWithinTarget);

/// <summary>
/// The notices section over notices whose concern arose in the period. Submission: within when submitted − occurred ≤
/// 24 h, percent over the population, median hours over all. Review: 4 h when the officer's risk is high, else 24 h,
/// from submission; percent = within / (population − pending), median hours over reviewed notices. Sharing: required
/// for red or amber reviews, 24 h from the review; percent = within / (required − pending).
/// </summary>
public sealed record NoticeReport(int Population, SubmissionFigures Submission, ReviewFigures Review, SharingFigures Sharing);

/// <summary>How one notice counted: its submission, its review and, when red or amber and reviewed, its sharing.</summary>
public sealed record NoticeOutcome(TimedOutcome Submission, TimedOutcome Review, TimedOutcome? Sharing);

public sealed class NoticeReportBuilder(ReportPeriod period, NoticePolicy policy, Instant now)
{
    private int _population, _submittedWithin, _submittedLate;
    private readonly OutcomeCounts _review = new();
    private readonly OutcomeCounts _sharing = new();
    private readonly List<double> _submissionHours = [];
    private readonly List<double> _reviewHours = [];

    /// <summary>Adds a notice and says how it counted (null: its concern arose outside the period).</summary>
    public NoticeOutcome? Add(NoticeFacts n)
    {
        if (!period.Contains(n.OccurredAt)) return null;
        _population++;
        var submission = TimedOutcome.Of(n.OccurredAt, n.SubmittedAt, policy.Submission, now);
        if (submission.Outcome == AttendanceOutcome.WithinTarget) _submittedWithin++;
        else _submittedLate++;
        _submissionHours.Add((n.SubmittedAt - n.OccurredAt).TotalHours);

        var review = TimedOutcome.Of(n.SubmittedAt, n.ReviewedAt, policy.ReviewTarget(n.OfficerRisk), now);
        _review.Add(review.Outcome);
        TimedOutcome? sharing = null;
        if (n.ReviewedAt is { } reviewed)
        {
            _reviewHours.Add((reviewed - n.SubmittedAt).TotalHours);
            if (NoticePolicy.SharingRequired(n.Rag))
            {
                sharing = TimedOutcome.Of(reviewed, n.SharedAt, policy.Sharing, now);
                _sharing.Add(sharing.Outcome);
            }
        }
        return new NoticeOutcome(submission, review, sharing);
    }

    private static double? MedianHours(List<double> values) => AttendanceReportBuilder.Median(values);

    public NoticeReport Build() => new(
        _population,
        new SubmissionFigures(policy.Submission, _submittedWithin, _submittedLate, AttendanceReportBuilder.Percent(_submittedWithin, _population), MedianHours(_submissionHours)),
        new ReviewFigures(policy.Review, policy.HighRiskReview, _review.WithinTarget, _review.Late, _review.NotDone, _review.Pending, _review.PercentWithinTarget, MedianHours(_reviewHours)),
        new SharingFigures(policy.Sharing, _sharing.Population, _sharing.WithinTarget, _sharing.Late, _sharing.NotDone, _sharing.Pending, _sharing.PercentWithinTarget));
}

/// <summary>
/// The PPN-due figures over child-involved incidents created in the period (any grade), from their PPN-due clocks:
/// within target — the first notice about the incident submitted by the due instant (24 hours by default); late — after
/// it; not needed — a supervisor's reason recorded before any notice; not submitted — neither, and the due instant has
/// passed; pending — neither, not yet due. Percent = within / (population − pending − not needed), null when that is 0.
/// </summary>
public sealed record NoticeDueFigures(Duration Target, int Population, int WithinTarget, int Late, int NotSubmitted, int NotNeeded, int Pending, double? PercentWithinTarget);

public sealed class NoticeDueReportBuilder(ReportPeriod period, Duration target, Instant now)
{
    private int _within, _late, _notSubmitted, _notNeeded, _pending;

    /// <summary>Adds a ledger entry; anything but a PPN-due clock started in the period is ignored.</summary>
    public void Add(Clocks.ClockEntry clock)
    {
        if (clock.Kind != Clocks.ClockKind.NoticeDue || !period.Contains(clock.Start)) return;
        switch (clock.StateAt(now))
        {
            case Clocks.ClockState.Met: _within++; break;
            case Clocks.ClockState.MetLate: _late++; break;
            case Clocks.ClockState.Cancelled: _notNeeded++; break;
            case Clocks.ClockState.Breached: _notSubmitted++; break;
            case Clocks.ClockState.Running or Clocks.ClockState.Warning or Clocks.ClockState.Paused: _pending++; break;
        }
    }

    public NoticeDueFigures Build()
    {
        var population = _within + _late + _notSubmitted + _notNeeded + _pending;
        return new NoticeDueFigures(target, population, _within, _late, _notSubmitted, _notNeeded, _pending,
            AttendanceReportBuilder.Percent(_within, population - _pending - _notNeeded));
    }
}
