using NodaTime;
using Safeguard.Domain.Calendars;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.Domain.Tests;

public class ChildClocksTests
{
    private static readonly Instant Created = Instant.FromUtc(2024, 2, 1, 12, 0);

    private static IncidentFacts Incident(bool children) => new(Created, Grade.Priority, Grade.Priority, children, "North", null, null, null, null);

    private static SafeguardPolicy Policy(NoticePolicy notices) => SafeguardPolicy.Default with { Notices = notices };

    private static IReadOnlyList<Obligation> ChildSeen(IncidentFacts facts) =>
        [.. IncidentHistory.Obligations(facts, SafeguardPolicy.Default).Where(o => o.Clock.Kind == ClockKind.ChildSeen)];

    [Fact]
    public void ChildSeen_RunsFromCreation_ClosingDoesNotEndIt_AndTheFirstSightingStopsIt()
    {
        Assert.Empty(ChildSeen(Incident(children: false)));
        var facts = Incident(children: true);
        facts = IncidentHistory.Apply(facts, new IncidentClosed(Created + Duration.FromHours(2), "x"));
        Assert.Null(IncidentHistory.Check(facts, new IncidentChildSeen(Created + Duration.FromHours(30), "x", "C-1"), Created + Duration.FromDays(2)));
        // No child named yet: one clock about no child in particular.
        var clock = Assert.Single(ChildSeen(facts));
        Assert.Null(clock.Child);
        Assert.Equal(ClockState.Breached, clock.Clock.Evaluate(Created + Duration.FromHours(24) + Duration.Epsilon));
        Assert.Equal(ClockState.Warning, clock.Clock.Evaluate(Created + Duration.FromHours(18)));

        // Each child named owes being seen: the first seen at exactly 24 h is in time, the second named later and seen at 30 h is late.
        var seen = IncidentHistory.Apply(facts, new IncidentChildSeen(Created + Duration.FromHours(24), "x", "C-1"));
        seen = IncidentHistory.Apply(seen, new IncidentChildSeen(Created + Duration.FromHours(30), "x", "C-2"));
        var clocks = ChildSeen(seen);
        Assert.Equal([(0, "C-1", ClockState.Met), (1, "C-2", ClockState.MetLate)], clocks.Select(o => (o.Cycle, o.Child, o.Clock.Evaluate(Created + Duration.FromDays(3)))));
        // A re-import of the command-and-control facts keeps the sightings and the children named.
        var reimported = IncidentHistory.Apply(seen, new IncidentRecorded(Created + Duration.FromDays(3), "import", null, Incident(children: true)));
        Assert.Equal(Created + Duration.FromHours(24), reimported.FirstChildSeenAt());
        Assert.Equal(["C-1", "C-2"], reimported.NamedChildren.Select(c => c.Reference));
        Assert.NotNull(IncidentHistory.Check(Incident(children: false), new IncidentChildSeen(Created, "x", "C-1"), Created));
        Assert.NotNull(IncidentHistory.Check(Incident(children: false), new IncidentChildLinked(Created, "x", "C-1"), Created));
        Assert.Equal(RuleViolationConflict, IncidentHistory.Check(seen, new IncidentChildLinked(Created, "x", "C-1"), Created + Duration.FromDays(3))?.IsConflict);
    }

    private const bool RuleViolationConflict = true;

    private static NoticeFacts DomesticAbuse(Instant occurred) =>
        new("C-1", null, NoticeType.DomesticAbuse, OfficerRisk.Medium, occurred, occurred + Duration.FromHours(1), null, null, null, null);

    [Theory]
    [InlineData("2014-05-01", true)]
    [InlineData("2020-03-28", true)] // four on the day
    [InlineData("2020-03-29", false)] // four the day after
    [InlineData("2006-03-29", true)] // seventeen, eighteen tomorrow
    [InlineData("2006-03-28", false)] // eighteen on the day
    [InlineData(null, true)]
    public void Encompass_AppliesToChildrenAgedFourToSeventeenOnTheDay(string? born, bool applies)
    {
        var occurred = Instant.FromUtc(2024, 3, 28, 20, 0);
        var dob = born is null ? (LocalDate?)null : NodaTime.Text.LocalDatePattern.Iso.Parse(born).Value;
        Assert.Equal(applies, NoticeRules.Clocks(DomesticAbuse(occurred), SafeguardPolicy.Default, dob).Any(c => c.Kind == ClockKind.Encompass));
    }

    [Fact]
    public void Encompass_IsDueBeforeNineOnTheNextSchoolDay_AcrossEasterAndTheClockChange()
    {
        // Thursday 28 March 2024 evening: Good Friday and Easter Monday are bank holidays; BST starts on the Sunday.
        var clock = NoticeRules.Clocks(DomesticAbuse(Instant.FromUtc(2024, 3, 28, 20, 0)), SafeguardPolicy.Default).Single(c => c.Kind == ClockKind.Encompass);
        Assert.Equal(Instant.FromUtc(2024, 4, 2, 8, 0), clock.Due);
        // An incident at 02:00 on a school day is due by 09:00 that morning.
        var early = NoticeRules.Clocks(DomesticAbuse(Instant.FromUtc(2024, 2, 6, 2, 0)), SafeguardPolicy.Default).Single(c => c.Kind == ClockKind.Encompass);
        Assert.Equal(Instant.FromUtc(2024, 2, 6, 9, 0), early.Due);
        // With a term calendar, the holidays are skipped too.
        var terms = NoticePolicy.Default with { SchoolDays = new SchoolDays([(new LocalDate(2024, 1, 8), new LocalDate(2024, 3, 28)), (new LocalDate(2024, 4, 15), new LocalDate(2024, 7, 23))]) };
        Assert.Equal(Instant.FromUtc(2024, 4, 15, 8, 0),
            NoticeRules.Clocks(DomesticAbuse(Instant.FromUtc(2024, 3, 28, 20, 0)), Policy(terms)).Single(c => c.Kind == ClockKind.Encompass).Due);
        // Notified: met; and never for other types of notice.
        var told = NoticeRules.Apply(DomesticAbuse(Instant.FromUtc(2024, 2, 6, 2, 0)), new NoticeSchoolNotified(Instant.FromUtc(2024, 2, 6, 8, 30), "x", "School", "What"));
        Assert.Equal(ClockState.Met, NoticeRules.Clocks(told, SafeguardPolicy.Default).Single(c => c.Kind == ClockKind.Encompass).Evaluate(Instant.FromUtc(2024, 3, 1, 0, 0)));
        Assert.DoesNotContain(NoticeRules.Clocks(told with { Type = NoticeType.ChildConcern }, SafeguardPolicy.Default), c => c.Kind == ClockKind.Encompass);
    }
}
