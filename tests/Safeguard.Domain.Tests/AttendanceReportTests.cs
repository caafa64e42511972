using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Tests;

public class AttendanceReportTests
{
    private static readonly ReportPeriod Year = new(new LocalDate(2023, 1, 1), new LocalDate(2024, 1, 1), WallClock.London);
    private static readonly Instant Now = Instant.FromUtc(2023, 12, 31, 23, 30);

    private static AttendanceRow Row(string reference, Instant created, int? minutes, string? district = "Central", Grade initial = Grade.Priority, Grade? final = null, bool children = true) =>
        new(reference, created, initial, final ?? initial, children, district, minutes is { } m ? created + Duration.FromMinutes(m) : null);

    [Fact]
    public void Build_HandComputedFigures()
    {
        var builder = new AttendanceReportBuilder(Year, AttendancePolicy.Default, Now);
        var jan = Instant.FromUtc(2023, 1, 10, 10, 0);
        builder.Add(Row("A", jan, 60));                 // within (exactly 60:00)
        builder.Add(Row("B", jan, 61));                 // late
        builder.Add(Row("C", jan, 30, "North"));        // within
        builder.Add(Row("D", jan, null, "North"));      // not attended
        builder.Add(Row("E", Instant.FromUtc(2023, 12, 31, 23, 0), null)); // pending at Now (created 30 min before)
        builder.Add(Row("F", jan, 10, children: false));            // not in population
        builder.Add(Row("G", jan, 10, initial: Grade.Immediate));   // not in population
        builder.Add(Row("H", Instant.FromUtc(2022, 12, 31, 23, 59), 10)); // before the period
        var report = builder.Build();

        Assert.Equal(new AttendanceFigures(5, 2, 1, 1, 1, 50.0, 60.0), report.Total);
        Assert.Equal(12, report.ByMonth.Count);
        Assert.Equal(new AttendanceFigures(4, 2, 1, 1, 0, 50.0, 60.0), report.ByMonth[0].Figures);
        Assert.Equal(new AttendanceFigures(1, 0, 0, 0, 1, null, null), report.ByMonth[11].Figures);
        Assert.Equal(new AttendanceFigures(0, 0, 0, 0, 0, null, null), report.ByMonth[5].Figures);
        Assert.Equal(["Central", "North"], report.ByDistrict.Select(d => d.District));
        Assert.Equal(new AttendanceFigures(2, 1, 0, 1, 0, 50.0, 30.0), report.ByDistrict[1].Figures);
    }

    [Fact]
    public void Build_DelayActions_AreRecordedNotRecordedOrNotApplicable_AndNothingKnownIsNoPercentage()
    {
        var builder = new AttendanceReportBuilder(Year, AttendancePolicy.Default, Now);
        var jan = Instant.FromUtc(2023, 1, 10, 10, 0);
        AttendanceRow Delayed(string reference, int? arrived, int? reassessed = null, int? told = null, DelayActions notInSource = DelayActions.None, Instant? created = null)
        {
            var at = created ?? jan;
            return Row(reference, at, arrived) with
            {
                ReassessedAt = reassessed is { } r ? at + Duration.FromMinutes(r) : null,
                CallerToldAt = told is { } t ? at + Duration.FromMinutes(t) : null,
                NotInSource = notInSource,
            };
        }
        builder.Add(Delayed("A", 70, reassessed: 50, told: 55));      // both recorded, both in time
        builder.Add(Delayed("B", 70, reassessed: 65, told: 75));      // both recorded, both late
        builder.Add(Delayed("C", null));                              // neither recorded: not done
        builder.Add(Delayed("D", 80, notInSource: DelayActions.Both)); // from a file without the columns: not known
        builder.Add(Delayed("E", null, created: Now - Duration.FromMinutes(50))); // warned, not yet due: not yet owed
        builder.Add(Delayed("F", 20));                                // attended before the warning: not delayed
        var delayed = builder.Build().Delayed;

        Assert.Equal(5, delayed.Population);
        // In time over what was owed and could be known: A of A, B, C (D not known, E not yet owed).
        Assert.Equal(new DelayedAction(Recorded: 2, InTime: 1, NotRecorded: 2, NotInSource: 1, NotApplicable: 1, PercentInTime: 33.3), delayed.Reassessment);
        Assert.Equal(new DelayedAction(Recorded: 2, InTime: 1, NotRecorded: 2, NotInSource: 1, NotApplicable: 1, PercentInTime: 33.3), delayed.CallerUpdate);

        var imported = new AttendanceReportBuilder(Year, AttendancePolicy.Default, Now);
        imported.Add(Delayed("X", 90, notInSource: DelayActions.Both));
        imported.Add(Delayed("Y", null, notInSource: DelayActions.Reassessment));
        var unknown = imported.Build().Delayed;
        Assert.Equal(new DelayedAction(0, 0, 2, 2, 0, null), unknown.Reassessment); // "not recorded", never 0%
        Assert.Equal(new DelayedAction(0, 0, 2, 1, 0, 0.0), unknown.CallerUpdate);   // Y's source keeps it, and nobody told the caller
    }

    [Fact]
    public void Build_MonthIsLondonLocalDateOfCreation()
    {
        var builder = new AttendanceReportBuilder(Year, AttendancePolicy.Default, Now);
        // 23:30 UTC on 30 June is 00:30 BST on 1 July: a July incident.
        builder.Add(Row("A", Instant.FromUtc(2023, 6, 30, 23, 30), 5));
        var report = builder.Build();
        Assert.Equal(1, report.ByMonth.Single(m => m.Month == new YearMonth(2023, 7)).Figures.Population);
    }

    [Fact]
    public void Build_FinalBasis_CountsRegradedIncidentsByFinalGrade()
    {
        var created = Instant.FromUtc(2023, 3, 1, 10, 0);
        var initial = new AttendanceReportBuilder(Year, AttendancePolicy.Default, Now);
        var final = new AttendanceReportBuilder(Year, AttendancePolicy.Default with { GradeBasis = GradeBasis.Final }, Now);
        foreach (var b in new[] { initial, final })
        {
            b.Add(Row("down", created, 120, final: Grade.Scheduled));
            b.Add(Row("up", created, 30, initial: Grade.Scheduled, final: Grade.Priority));
        }
        Assert.Equal(new AttendanceFigures(1, 0, 1, 0, 0, 0.0, 120.0), initial.Build().Total);
        Assert.Equal(new AttendanceFigures(1, 1, 0, 0, 0, 100.0, 30.0), final.Build().Total);
    }

    [Theory]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 16, 6.3)]
    [InlineData(0, 0, null)]
    public void Percent_RoundsHalfAwayFromZero(int part, int whole, double? expected) =>
        Assert.Equal(expected, AttendanceReportBuilder.Percent(part, whole));

    [Fact]
    public void Median_EvenCount_IsMeanOfMiddleValues() =>
        Assert.Equal(25.0, AttendanceReportBuilder.Median([40, 10, 20, 30]));

    [Fact]
    public void Median_AgreesWithSorting_ForAnyValues()
    {
        FsCheck.Fluent.Prop.ForAll<double[]>(FsCheck.Fluent.Gen.ArrayOf(FsCheck.Fluent.Gen.Choose(0, 500).Select(x => x / 7.0)).Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var sorted = values.Order().ToArray();
            var n = sorted.Length;
            var expected = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
            return AttendanceReportBuilder.Median([.. values]) == (double)Math.Round((decimal)expected, 1, MidpointRounding.AwayFromZero);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EmptyPeriod_HasNoMonths()
    {
        var empty = new ReportPeriod(new LocalDate(2023, 1, 1), new LocalDate(2023, 1, 1), WallClock.London);
        var report = new AttendanceReportBuilder(empty, AttendancePolicy.Default, Now).Build();
        Assert.Empty(report.ByMonth);
        Assert.Null(report.Total.PercentWithinTarget);
    }
}
