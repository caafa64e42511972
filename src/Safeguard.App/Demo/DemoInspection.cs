using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Inspection;
using Safeguard.Domain.Inspection;
using Safeguard.Domain.Time;

namespace Safeguard.App.Demo;

/// <summary>
/// The demo's inspection data: recommendations on the themes of the 2021 inspection of Hampshire's child protection work
/// (in the demo's own words), with action plans and measures; and a case-file audit of 30 cases from the last three
/// months, graded as that inspection's audit was (12 good, 14 requires improvement, 4 inadequate), a third moderated.
/// </summary>
public static class DemoInspection
{
    private const string Source = "National child protection inspection, 2021 (demo wording of its themes)";

    private static readonly (string Code, string Text, string Owner, (string Figure, double Target)[] Measures, (string Text, string Owner, int DueWeeks, int? DoneWeeks)[] Actions)[] Themes =
    [
        ("R1", "Attend incidents involving children within the target time, so that at least three in four priority incidents are attended within 60 minutes.",
            "Chief Superintendent, Contact Management", [(RecommendationTracker.Attendance, 75)],
            [("Add officers to the late shift in the busiest districts", "Superintendent, Response", 12, 10), ("Review the grading of calls about children with the control room", "Chief Inspector, Force Control Room", 20, null)]),
        ("R2", "See and speak to every child at incidents, and record what they say, their wishes and feelings.", "Detective Chief Superintendent, Public Protection",
            [("child-seen", 90)],
            [("Brief every response officer on the voice of the child", "Inspector, Learning and Development", 8, 6), ("Audit the recording of the child's words each quarter", "Detective Inspector, Quality Assurance", 26, null)]),
        ("R3", "Review public protection notices in the MASH promptly and share them with partner agencies without delay.", "Detective Superintendent, MASH", [],
            [("Add a second MASH triage shift at weekends", "Detective Inspector, MASH", 10, 9)]),
        ("R4", "Review the risk to missing children as often as their risk requires, and hold prevention interviews after every episode.", "Superintendent, Missing and Exploitation",
            [("missing-reviews", 90), ("prevention-interviews", 80)],
            [("Set review times by risk in the missing coordinator's board", "Missing Person Coordinator", 6, 5), ("Train supervisors on prevention interviews", "Inspector, Missing", 16, null)]),
        ("R5", "Tell children's schools about domestic abuse incidents before the next school day.", "Detective Chief Inspector, Operation Encompass",
            [("encompass", 95)], []),
    ];

    public static async Task SeedAsync(IServiceProvider sp, Instant now, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var zone = sp.GetRequiredService<Clocks.PolicyVersions>().Current.Zone;
        var published = new LocalDate(2021, 10, 5);
        var analyst = DemoData.EmailFor(Roles.Analyst);
        foreach (var (code, text, owner, measures, actions) in Themes)
        {
            var added = published.PlusWeeks(code == "R3" ? 8 : 5).AtStartOfDayInZone(zone).ToInstant() + Duration.FromHours(10);
            db.Add(new Recommendation
            {
                Code = code,
                Source = Source,
                Text = text,
                PublishedOn = published,
                Owner = owner,
                CreatedBy = analyst,
                CreatedAt = added,
                Status = actions.Length == 0 ? RecommendationStatus.NotStarted : RecommendationStatus.InProgress,
                Measures = [.. measures.Select(m => new RecommendationMeasure { Figure = m.Figure, TargetPercent = m.Target })],
                Actions = [.. actions.Select(a => new RecommendationAction
                {
                    Text = a.Text, Owner = a.Owner, DueOn = published.PlusWeeks(a.DueWeeks), AddedAt = added, AddedBy = analyst,
                    DoneOn = a.DoneWeeks is { } w ? published.PlusWeeks(w) : null,
                    Evidence = a.DoneWeeks is null ? null : "Recorded in the force's improvement board minutes (demo)",
                })],
            });
        }
        await db.SaveChangesAsync(ct);

        // The audit: 30 cases that began in the last three full months.
        var audits = sp.GetRequiredService<CaseAudits>();
        var today = now.InZone(zone).Date;
        var to = today.With(DateAdjusters.StartOfMonth);
        var period = new ReportPeriod(to.PlusMonths(-3), to, zone);
        var population = await audits.PopulationAsync(period, ct);
        if (population.Count == 0) return;
        var size = Math.Max(population.Select(c => c.Area).Distinct().Count(), Math.Min(30, population.Count));
        var sample = await audits.DrawAsync(period, size, 2021, DemoData.EmailFor(Roles.Supervisor), ct);
        var grades = Enumerable.Repeat(CaseGrade.Good, 12).Concat(Enumerable.Repeat(CaseGrade.RequiresImprovement, 14)).Concat(Enumerable.Repeat(CaseGrade.Inadequate, 4)).ToList();
        var random = new Random(2021);
        grades = [.. grades.OrderBy(_ => random.Next())];
        for (var i = 0; i < sample.Cases.Count; i++)
        {
            var c = sample.Cases[i];
            var grade = grades[i % grades.Count];
            var answers = audits.Rubric.ToDictionary(q => q.Key, q => (Rating: Rating(grade, q.Key), Evidence: (string?)$"{q.Title}: seen in the record (demo note)"));
            await audits.RecordAsync(c.Id, c.Version, answers.ToDictionary(a => a.Key, a => ((string?)CaseGrades.Key(a.Value.Rating), a.Value.Evidence)), CaseGrades.Key(grade),
                $"Demo reasons: {CaseGrades.Words(grade)} overall", DemoData.EmailFor(Roles.Supervisor), ct);
            if (i % 3 == 0)
                await audits.ModerateAsync(c.Id, c.Version + 1, CaseGrades.Key(grade), "Agreed (demo)", DemoData.EmailFor(Roles.Inspector), ct);
        }
    }

    private static RubricRating Rating(CaseGrade grade, string question) => (grade, question) switch
    {
        (CaseGrade.Good, _) => RubricRating.Met,
        (CaseGrade.RequiresImprovement, "voice-of-the-child" or "supervision") => RubricRating.PartlyMet,
        (CaseGrade.RequiresImprovement, _) => RubricRating.Met,
        (CaseGrade.Inadequate, "initial-response" or "risk-assessment") => RubricRating.NotMet,
        (CaseGrade.Inadequate, _) => RubricRating.PartlyMet,
    };
}
