using NodaTime;
using Safeguard.Domain.Incidents;

namespace Safeguard.Domain.Tests;

public class IncidentHistoryTests
{
    private static readonly Instant T0 = Instant.FromUtc(2023, 6, 1, 12, 0);
    private static readonly Instant Later = T0 + Duration.FromHours(1);

    private static IncidentFacts Priority() =>
        IncidentHistory.Project([new IncidentCreated(T0, "cc", Grade.Priority, true, "Central", "Domestic")]);

    [Fact]
    public void Project_FirstArrivalWins_EvenWhenRecordedLater()
    {
        var facts = IncidentHistory.Project(
        [
            new IncidentCreated(T0, "cc", Grade.Priority, true, null, null),
            new IncidentArrived(T0 + Duration.FromMinutes(50), "cc"),
            new IncidentArrived(T0 + Duration.FromMinutes(30), "cc"),
        ]);
        Assert.Equal(T0 + Duration.FromMinutes(30), facts.ArrivedAt);
    }

    [Fact]
    public void Check_DowngradeWithoutSupervisor_IsRefused()
    {
        var violation = IncidentHistory.Check(Priority(), new IncidentRegraded(T0 + Duration.FromMinutes(1), "cc", Grade.Scheduled, null, "reason"), Later);
        Assert.NotNull(violation);
        Assert.False(violation.IsConflict);
    }

    [Fact]
    public void Check_DowngradeWithSupervisorAndReason_IsAllowed()
    {
        Assert.Null(IncidentHistory.Check(Priority(), new IncidentRegraded(T0 + Duration.FromMinutes(1), "cc", Grade.Scheduled, "Insp A", "caller safe"), Later));
    }

    [Fact]
    public void Check_UpgradeNeedsNoSupervisor()
    {
        Assert.Null(IncidentHistory.Check(Priority(), new IncidentRegraded(T0 + Duration.FromMinutes(1), "cc", Grade.Immediate, null, null), Later));
    }

    [Fact]
    public void Check_EventBeforeCreation_IsInvalid()
    {
        var violation = IncidentHistory.Check(Priority(), new IncidentArrived(T0 - Duration.FromMinutes(1), "cc"), Later);
        Assert.NotNull(violation);
        Assert.False(violation.IsConflict);
    }

    [Fact]
    public void Check_EventAfterClosure_IsConflict()
    {
        var closed = IncidentHistory.Apply(Priority(), new IncidentClosed(T0 + Duration.FromMinutes(5), "cc"));
        var violation = IncidentHistory.Check(closed, new IncidentArrived(T0 + Duration.FromMinutes(6), "cc"), Later);
        Assert.True(violation?.IsConflict);
    }

    [Fact]
    public void Check_EventInTheFutureBeyondClockSkew_IsInvalid()
    {
        Assert.Null(IncidentHistory.Check(Priority(), new IncidentArrived(T0 + Duration.FromMinutes(2), "cc"), T0));
        Assert.NotNull(IncidentHistory.Check(Priority(), new IncidentArrived(T0 + Duration.FromMinutes(2) + Duration.FromSeconds(1), "cc"), T0));
    }

    [Fact]
    public void Project_Recorded_ReplacesFactsButKeepsHistory()
    {
        var original = Priority();
        var corrected = original with { ArrivedAt = T0 + Duration.FromMinutes(20) };
        var events = new IncidentEvent[]
        {
            new IncidentCreated(T0, "cc", Grade.Priority, true, "Central", "Domestic"),
            new IncidentRecorded(T0 + Duration.FromDays(3), "import", "corrected", corrected),
        };
        Assert.Equal(corrected, IncidentHistory.Project(events));
        Assert.Equal(original, IncidentHistory.Project(events.Take(1)));
    }

    [Theory]
    [InlineData("EMERGENCY", Grade.Immediate)]
    [InlineData("immediate", Grade.Immediate)]
    [InlineData("Priority", Grade.Priority)]
    [InlineData("3", Grade.Scheduled)]
    [InlineData(" resolution ", Grade.Resolution)]
    public void TryParse_AcceptedSpellings(string text, Grade expected)
    {
        Assert.True(Grades.TryParse(text, out var grade));
        Assert.Equal(expected, grade);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("urgent")]
    public void TryParse_Rejects(string text) => Assert.False(Grades.TryParse(text, out _));
}
