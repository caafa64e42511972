using NodaTime;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Notices;

public sealed record SubmissionFigures(Duration Target, int WithinTarget, int Late, double? PercentWithinTarget, double? MedianHours);

public sealed record ReviewFigures(int WithinTarget, int Late, int NotReviewed, int Pending, double? PercentWithinTarget, double? MedianHours);

public sealed record SharingFigures(int Required, int WithinTarget, int Late, int NotShared, int Pending, double? PercentWithinTarget);

/// <summary>
/// The notices section over notices whose concern arose in the period. Submission: within when submitted − occurred ≤
/// 24 h, percent over the population, median hours over all. Review: 4 h when the officer's risk is high, else 24 h,
/// from submission; percent = within / (population − pending), median hours over reviewed notices. Sharing: required
/// for red or amber reviews, 24 h from the review; percent = within / (required − pending).
/// </summary>
public sealed record NoticeReport(int Population, SubmissionFigures Submission, ReviewFigures Review, SharingFigures Sharing);

public sealed class NoticeReportBuilder(ReportPeriod period, NoticePolicy policy, Instant now)
{
    private int _population, _submittedWithin, _submittedLate;
    private readonly OutcomeCounts _review = new();
    private readonly OutcomeCounts _sharing = new();
    private readonly List<double> _submissionHours = [];
    private readonly List<double> _reviewHours = [];

    public void Add(NoticeFacts n)
    {
        if (!period.Contains(n.OccurredAt)) return;
        _population++;
        var submission = n.SubmittedAt - n.OccurredAt;
        if (submission <= policy.Submission) _submittedWithin++;
        else _submittedLate++;
        _submissionHours.Add(submission.TotalHours);

        _review.Add(AttendanceReportBuilder.Classify(n.SubmittedAt, n.ReviewedAt, policy.ReviewTarget(n.OfficerRisk), now));
        if (n.ReviewedAt is { } reviewed)
        {
            _reviewHours.Add((reviewed - n.SubmittedAt).TotalHours);
            if (NoticePolicy.SharingRequired(n.Rag))
                _sharing.Add(AttendanceReportBuilder.Classify(reviewed, n.SharedAt, policy.Sharing, now));
        }
    }

    private static double? MedianHours(List<double> values) => AttendanceReportBuilder.Median(values);

    public NoticeReport Build() => new(
        _population,
        new SubmissionFigures(policy.Submission, _submittedWithin, _submittedLate, AttendanceReportBuilder.Percent(_submittedWithin, _population), MedianHours(_submissionHours)),
        new ReviewFigures(_review.WithinTarget, _review.Late, _review.NotDone, _review.Pending, _review.PercentWithinTarget, MedianHours(_reviewHours)),
        new SharingFigures(_sharing.Population, _sharing.WithinTarget, _sharing.Late, _sharing.NotDone, _sharing.Pending, _sharing.PercentWithinTarget));
}
