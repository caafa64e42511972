using NodaTime;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Tests;

public class RetentionScheduleTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly RetentionSchedule Default = new(RetentionSchedule.DefaultGroups, London);
    private static readonly string[] Kinds = ["child", "notice", "missing", "incident"];

    private static RetentionFacts Facts(string kind, Instant at, params string[] traits) => new(kind, traits.ToHashSet(), at);

    [Fact]
    public void TheFirstGroupThatHoldsARecord_GivesItsPeriod_FromTheLastActivitysLocalDate()
    {
        // 23:30 UTC on 30 June is already 1 July in London (BST): the clear period counts from the local day.
        var at = Instant.FromUtc(2024, 6, 30, 23, 30);
        Assert.Equal(("calls-for-service", new LocalDate(2030, 7, 1)), Named(Default.ReviewOn(Facts("incident", at))));
        Assert.Equal(("public-protection", new LocalDate(2034, 7, 1)), Named(Default.ReviewOn(Facts("incident", at, RetentionTraits.ChildProtectionPlan))));
        Assert.Equal(("safeguarding", new LocalDate(2030, 7, 1)), Named(Default.ReviewOn(Facts("notice", at))));
        Assert.Equal(("public-protection", new LocalDate(2034, 7, 1)), Named(Default.ReviewOn(Facts("missing", at, RetentionTraits.ExploitationIndicators))));
        // 29 February plus six years is 28 February.
        Assert.Equal(new LocalDate(2030, 2, 28), Default.ReviewOn(Facts("child", Instant.FromUtc(2024, 2, 29, 12, 0))).ReviewOn);
    }

    [Fact]
    public void AReviewsDecisionToKeep_PutsTheNextReviewNoEarlierThanItSaid()
    {
        var at = Instant.FromUtc(2024, 1, 10, 12, 0);
        Assert.Equal(new LocalDate(2035, 1, 1), Default.ReviewOn(Facts("notice", at), keptUntil: new LocalDate(2035, 1, 1)).ReviewOn);
        Assert.Equal(new LocalDate(2030, 1, 10), Default.ReviewOn(Facts("notice", at), keptUntil: new LocalDate(2029, 1, 1)).ReviewOn);
    }

    [Fact]
    public void GroupsThatLeaveARecordInNone_OrAskForAnUnknownTrait_OrAnOddPeriod_AreRefused()
    {
        Assert.Null(Default.Problem(Kinds));
        var noIncidents = new RetentionSchedule([new RetentionGroup("all", "All", 6, ["child", "notice", "missing"], [])], London);
        Assert.Contains("every incident record", noIncidents.Problem(Kinds), StringComparison.Ordinal);
        var onlyFlagged = new RetentionSchedule([.. RetentionSchedule.DefaultGroups.Take(1), new RetentionGroup("x", "X", 6, ["child", "notice", "missing"], [])], London);
        Assert.Contains("every incident record", onlyFlagged.Problem(Kinds), StringComparison.Ordinal); // the first holds flagged incidents only
        Assert.Contains("asks for 'vip'", new RetentionSchedule([new RetentionGroup("a", "A", 6, Kinds, ["vip"])], London).Problem(Kinds), StringComparison.Ordinal);
        Assert.Contains("1 to 100 years", new RetentionSchedule([new RetentionGroup("a", "A", 0, Kinds, [])], London).Problem(Kinds), StringComparison.Ordinal);
    }

    private static (string, LocalDate) Named((RetentionGroup Group, LocalDate ReviewOn) r) => (r.Group.Name, r.ReviewOn);
}
