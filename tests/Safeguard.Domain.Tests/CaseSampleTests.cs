using NodaTime;
using Safeguard.Domain.Inspection;

namespace Safeguard.Domain.Tests;

public class CaseSampleTests
{
    private static Dictionary<AuditArea, int> Population(params (AuditArea Area, int Count)[] areas) => areas.ToDictionary(a => a.Area, a => a.Count);

    private static List<AuditCase> Cases(params (AuditArea Area, int Count)[] areas) =>
        [.. areas.SelectMany(a => Enumerable.Range(1, a.Count).Select(i => new AuditCase("notice", $"{AuditAreas.Key(a.Area)}-{i}", a.Area, Instant.FromUtc(2024, 1, 1, 0, 0))))];

    [Fact]
    public void Allocate_InProportion_GivesEachAreaItsLargestRemainderShare()
    {
        // The inspection's shape: 30 of 300, 10% of each area.
        var allocation = CaseSample.Allocate(Population((AuditArea.DomesticAbuse, 100), (AuditArea.Missing, 50), (AuditArea.InitialResponse, 150)), 30);
        Assert.Equal(10, allocation[AuditArea.DomesticAbuse]);
        Assert.Equal(5, allocation[AuditArea.Missing]);
        Assert.Equal(15, allocation[AuditArea.InitialResponse]);
        Assert.Equal(0, allocation[AuditArea.Exploitation]);

        // 10 of 7 + 2 + 1: quotas 7, 2, 1.
        var small = CaseSample.Allocate(Population((AuditArea.DomesticAbuse, 7), (AuditArea.Missing, 2), (AuditArea.OnlineAbuse, 1)), 10);
        Assert.Equal([7, 2, 1], new[] { small[AuditArea.DomesticAbuse], small[AuditArea.Missing], small[AuditArea.OnlineAbuse] });
    }

    [Fact]
    public void Allocate_EqualRemainders_GoToTheEarlierArea()
    {
        // 6 of 2 + 5 + 2: quotas 4/3, 10/3, 4/3 → floors 1, 3, 1 and three equal remainders of 1/3 for one place: the
        // first area (domestic abuse) takes it.
        var allocation = CaseSample.Allocate(Population((AuditArea.DomesticAbuse, 2), (AuditArea.Missing, 5), (AuditArea.Exploitation, 2)), 6);
        Assert.Equal([2, 3, 1], new[] { allocation[AuditArea.DomesticAbuse], allocation[AuditArea.Missing], allocation[AuditArea.Exploitation] });

        // 7 of 3 + 3 + 4: quotas 2.1, 2.1, 2.8 → floors 2, 2, 2; the largest remainder (0.8) takes the seventh.
        var larger = CaseSample.Allocate(Population((AuditArea.OnlineAbuse, 3), (AuditArea.ChildConcern, 3), (AuditArea.InitialResponse, 4)), 7);
        Assert.Equal([2, 2, 3], new[] { larger[AuditArea.OnlineAbuse], larger[AuditArea.ChildConcern], larger[AuditArea.InitialResponse] });
    }

    [Fact]
    public void Allocate_AnAreaTooSmallForAShare_StillGetsOne_TakenFromTheMostOverQuota()
    {
        // Quotas of 5 from 96 + 2 + 2: 4.8, 0.1, 0.1 → 1 each for the small areas, 3 for the large.
        var allocation = CaseSample.Allocate(Population((AuditArea.InitialResponse, 96), (AuditArea.Exploitation, 2), (AuditArea.OnlineAbuse, 2)), 5);
        Assert.Equal(3, allocation[AuditArea.InitialResponse]);
        Assert.Equal(1, allocation[AuditArea.Exploitation]);
        Assert.Equal(1, allocation[AuditArea.OnlineAbuse]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(99)]
    public void Allocate_AlwaysSumsToTheSize_WithinOneOfEachQuota_AndNoMoreThanAnAreaHas(int size)
    {
        var population = Population((AuditArea.DomesticAbuse, 41), (AuditArea.Missing, 23), (AuditArea.Exploitation, 5), (AuditArea.OnlineAbuse, 3),
            (AuditArea.ChildConcern, 17), (AuditArea.InitialResponse, 11));
        if (size < 6)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => CaseSample.Allocate(population, size));
            return;
        }
        var allocation = CaseSample.Allocate(population, size);
        Assert.Equal(size, allocation.Values.Sum());
        foreach (var (area, count) in population)
        {
            var quota = (double)size * count / 100;
            Assert.InRange(allocation[area], 1, count);
            Assert.True(Math.Abs(allocation[area] - quota) < 1 || allocation[area] == 1, $"{area}: {allocation[area]} for a quota of {quota}");
        }
    }

    [Fact]
    public void Allocate_ASampleAsLargeAsThePopulation_TakesEveryCase()
    {
        var allocation = CaseSample.Allocate(Population((AuditArea.Missing, 3), (AuditArea.ChildConcern, 2)), 50);
        Assert.Equal(3, allocation[AuditArea.Missing]);
        Assert.Equal(2, allocation[AuditArea.ChildConcern]);
    }

    [Fact]
    public void Draw_TheSameCasesAndSeed_DrawTheSameSample_WhateverTheirOrder()
    {
        var cases = Cases((AuditArea.DomesticAbuse, 40), (AuditArea.Missing, 20), (AuditArea.InitialResponse, 60));
        var first = CaseSample.Draw(cases, 12, 2021);
        var shuffled = CaseSample.Draw(cases.OrderByDescending(c => c.Reference).ToList(), 12, 2021);
        Assert.Equal(first, shuffled);
        Assert.NotEqual(first, CaseSample.Draw(cases, 12, 2022));
        Assert.Equal(12, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void DrawKey_IsTheHexSha256OfSeedKindAndReference()
    {
        // printf '7:incident:I-01' | sha256sum
        var key = CaseSample.DrawKey(7, new AuditCase("incident", "I-01", AuditArea.InitialResponse, Instant.MinValue));
        Assert.Equal("1d4f301cabfecf72e3bedd67ce34da9bd14558a038cd53252db744f2211894b7", key);
    }

    [Fact]
    public void Sentence_SaysEveryGrade()
    {
        Assert.Equal("30 cases: 12 good, 14 requires improvement, 4 inadequate", CaseGrades.Sentence(12, 14, 4));
        Assert.Equal("1 case: 0 good, 1 requires improvement, 0 inadequate", CaseGrades.Sentence(0, 1, 0));
    }

    [Fact]
    public void Judge_TheLatestMonthWithFigures_AgainstTheTarget_AtTheTargetIsOnTrack()
    {
        Assert.Equal(MeasureStanding.OnTrack, Recommendations.Judge([40, 75, null], 75));
        Assert.Equal(MeasureStanding.OffTrack, Recommendations.Judge([90, 74.9], 75));
        Assert.Equal(MeasureStanding.NoData, Recommendations.Judge([null, null], 75));
        Assert.Equal(MeasureStanding.NoData, Recommendations.Judge([], 75));
    }

    [Fact]
    public void PlanWords_TheFirstPlanIsDueSixWeeksAfterPublication()
    {
        var published = new LocalDate(2021, 10, 5);
        Assert.Equal(new LocalDate(2021, 11, 16), Recommendations.PlanDueOn(published));
        Assert.Equal("Action plan due in 1 day", Recommendations.PlanWords(published, null, new LocalDate(2021, 11, 15)));
        Assert.Equal("Action plan due in 0 days", Recommendations.PlanWords(published, null, new LocalDate(2021, 11, 16)));
        Assert.Equal("Action plan overdue by 2 days", Recommendations.PlanWords(published, null, new LocalDate(2021, 11, 18)));
        Assert.Equal("Action plan made on time", Recommendations.PlanWords(published, new LocalDate(2021, 11, 16), new LocalDate(2022, 1, 1)));
        Assert.Equal("Action plan made 1 day late", Recommendations.PlanWords(published, new LocalDate(2021, 11, 17), new LocalDate(2022, 1, 1)));
    }
}
