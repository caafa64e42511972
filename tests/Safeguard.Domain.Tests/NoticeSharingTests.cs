using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Notices;

namespace Safeguard.Domain.Tests;

public class NoticeSharingTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 2, 1, 12, 0);

    private static NoticeFacts Reviewed(params string[] agencies)
    {
        var f = NoticeRules.Apply(null, new NoticeSubmitted(T, "o", "C-1", null, NoticeType.ChildConcern, OfficerRisk.High, T - Duration.FromHours(1), "n", null));
        return NoticeRules.Apply(f, new NoticeReviewed(T + Duration.FromHours(1), "m", Rag.Red, "r", NoticeDecision.StrategyDiscussion, agencies, null));
    }

    private static Clock Sharing(NoticeFacts f) => NoticeRules.Clocks(f, SafeguardPolicy.Default).Single(c => c.Kind == ClockKind.PartnerSharing);

    [Fact]
    public void SharingIsComplete_WhenEveryAgencyDecidedHasHadIt()
    {
        var f = Reviewed("Children's social care", "Health");
        f = NoticeRules.Apply(f, new NoticeSharedWith(T + Duration.FromHours(2), "m", "health", "w", "b")); // names compare without case
        Assert.Null(f.SharedAt);
        Assert.Equal(ClockState.Breached, Sharing(f).Evaluate(T + Duration.FromHours(26)));
        f = NoticeRules.Apply(f, new NoticeSharedWith(T + Duration.FromHours(30), "m", "Children's social care", "w", "b"));
        Assert.Equal(T + Duration.FromHours(30), f.SharedAt);
        Assert.Equal(ClockState.MetLate, Sharing(f).Evaluate(T + Duration.FromDays(3)));
        // A further agency afterwards does not move when sharing was complete.
        f = NoticeRules.Apply(f, new NoticeSharedWith(T + Duration.FromHours(40), "m", "Education", "w", "b"));
        Assert.Equal(T + Duration.FromHours(30), f.SharedAt);
    }

    [Fact]
    public void FactsFromAFile_KeepTheirSharingInstant()
    {
        var fromFile = Reviewed() with { ShareDecided = null, SharedAt = T + Duration.FromHours(3), SharedWith = "Health" };
        var recorded = NoticeRules.Apply(Reviewed("Health", "Police"), new NoticeRecorded(T, "import", null, fromFile));
        Assert.Equal(T + Duration.FromHours(3), recorded.SharedAt);
        Assert.Null(recorded.ShareDecided);
    }
}
