using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;

namespace Safeguard.Domain.Tests;

public class EpisodeHistoryTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 2, 1, 12, 0);
    private static readonly MissingPolicy Policy = MissingPolicy.Default;

    private static EpisodeState Reported(RiskLevel risk) =>
        EpisodeHistory.Project([new EpisodeReported(T, "coord", "C-1", risk, "North", [new RiskInformation("Has not taken medication", "mother", T - Duration.FromMinutes(5))])]);

    /// <summary>The clock of this kind; for the risk review, the cycle that runs (one per review).</summary>
    private static Clock ClockOf(EpisodeState state, ClockKind kind) =>
        EpisodeHistory.Obligations(state, Policy).Where(o => o.Clock.Kind == kind).OrderBy(o => o.Cycle).Last().Clock;

    [Theory]
    [InlineData(RiskLevel.High, 15)]
    [InlineData(RiskLevel.Medium, 60)]
    [InlineData(RiskLevel.Low, 24 * 60)]
    public void Attendance_TargetsByRiskAtReport(RiskLevel risk, int minutes) =>
        Assert.Equal(T + Duration.FromMinutes(minutes), ClockOf(Reported(risk), ClockKind.MissingAttendance).Due);

    [Fact]
    public void VeryLow_HasNoAttendanceOrReviewClock() => Assert.Empty(EpisodeHistory.Clocks(Reported(RiskLevel.VeryLow), Policy));

    [Fact]
    public void Review_ResetsTheReviewClock()
    {
        var state = Reported(RiskLevel.High);
        Assert.Equal(T + Duration.FromHours(1), ClockOf(state, ClockKind.MissingReview).Due);
        state = EpisodeHistory.Apply(state, new EpisodeReviewed(T + Duration.FromMinutes(50), "coord", RiskLevel.High, null, []));
        Assert.Equal(T + Duration.FromMinutes(110), ClockOf(state, ClockKind.MissingReview).Due);
        // The first cycle was met by the review; each review is a cycle of its own.
        var cycles = EpisodeHistory.Obligations(state, Policy).Where(o => o.Clock.Kind == ClockKind.MissingReview).ToList();
        Assert.Equal([0, 1], cycles.Select(o => o.Cycle));
        Assert.Equal(ClockState.Met, cycles[0].Clock.Evaluate(T + Duration.FromHours(2)));
        Assert.All(cycles, o => Assert.Equal("C-1", o.Child));
    }

    [Fact]
    public void RiskChange_RetargetsFromThatInstant_AndNeedsAReason()
    {
        var state = Reported(RiskLevel.Low);
        var raise = new EpisodeReviewed(T + Duration.FromHours(2), "coord", RiskLevel.High, null, []);
        Assert.NotNull(EpisodeHistory.Check(state, raise, T + Duration.FromHours(3)));
        state = EpisodeHistory.Apply(state, raise with { Reason = "Seen with an older man" });
        Assert.Equal(T + Duration.FromHours(2) + Duration.FromMinutes(15), ClockOf(state, ClockKind.MissingAttendance).Due);
        Assert.Equal(T + Duration.FromHours(3), ClockOf(state, ClockKind.MissingReview).Due);
        Assert.Equal(RiskLevel.Low, state.Facts.RiskAtReport);
    }

    [Fact]
    public void Found_StopsReviews_AndStartsTheInterviewClocks()
    {
        var state = EpisodeHistory.Apply(Reported(RiskLevel.Medium), new EpisodeFound(T + Duration.FromHours(5), "PC B", "Friend's house", "PC B"));
        var clocks = EpisodeHistory.Clocks(state, Policy);
        // The review running when the child was found ends there, in time: cancelled, and no further review is owed.
        Assert.Equal(ClockState.Cancelled, clocks.Single(c => c.Kind == ClockKind.MissingReview).Evaluate(T + Duration.FromDays(2)));
        Assert.Equal(T + Duration.FromHours(5 + 24), clocks.Single(c => c.Kind == ClockKind.PreventionInterview).Due);
        Assert.Equal(T + Duration.FromHours(5 + 72), clocks.Single(c => c.Kind == ClockKind.ReturnInterview).Due);
        // Nobody attended within the hour: found five hours later, the attendance was missed, not cancelled.
        Assert.Equal(ClockState.Breached, clocks.Single(c => c.Kind == ClockKind.MissingAttendance).Evaluate(T + Duration.FromDays(2)));
    }

    [Fact]
    public void Check_InterviewBeforeFound_IsRefused()
    {
        var violation = EpisodeHistory.Check(Reported(RiskLevel.Medium), new ReturnInterviewOffered(T + Duration.FromHours(1), "LA"), T + Duration.FromHours(2));
        Assert.True(violation?.IsConflict);
    }

    [Fact]
    public void SchoolContact_IsRecordedOnce_AtTheFirstContact()
    {
        var state = Reported(RiskLevel.Medium);
        state = EpisodeHistory.Apply(state, new EpisodeActionTaken(T + Duration.FromMinutes(30), "coord", EpisodeActionKind.SchoolContacted, "Head of year"));
        state = EpisodeHistory.Apply(state, new EpisodeActionTaken(T + Duration.FromMinutes(90), "coord", EpisodeActionKind.SchoolContacted, "Again"));
        Assert.Equal(T + Duration.FromMinutes(30), state.Facts.SchoolContactedAt);
    }

    [Fact]
    public void RepeatMissing_CountsTheHalfOpenWindow()
    {
        var day = Duration.FromDays(1);
        Assert.Null(RepeatMissing.FlaggedSince([T, T + day * 45, T + day * 90], Policy));
        Assert.Equal(T + day * 89, RepeatMissing.FlaggedSince([T, T + day * 45, T + day * 89], Policy));
    }
}
