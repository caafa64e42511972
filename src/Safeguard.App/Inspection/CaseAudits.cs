using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Reporting;
using Safeguard.Domain.Inspection;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Time;

namespace Safeguard.App.Inspection;

/// <summary>One question of the case-audit rubric.</summary>
public sealed record RubricQuestion(string Key, string Title, string Question);

/// <summary>Configuration section <c>CaseAudits</c>: the rubric's questions in order (empty: the default six).</summary>
public sealed class CaseAuditOptions
{
    public List<RubricQuestion> Rubric { get; set; } = [];

    public static IReadOnlyList<RubricQuestion> DefaultRubric { get; } =
    [
        new("initial-response", "Initial response", "Was the first response (call handling, grading, attendance, safeguarding at the scene) timely and right for the child?"),
        new("risk-assessment", "Risk assessment", "Was the risk to the child identified, assessed (THRIVE, DASH or missing risk) and reassessed as things changed?"),
        new("voice-of-the-child", "Voice of the child", "Was the child seen and spoken to, and were their words, wishes and feelings recorded and acted on?"),
        new("ppn-quality", "PPN quality and timeliness", "Was a public protection notice submitted on time, with enough detail for the MASH to act on?"),
        new("information-sharing", "Information sharing", "Was the information shared with the right partner agencies, on time, with a lawful basis?"),
        new("supervision", "Supervision", "Did a supervisor review the case, give direction and make sure it was followed?"),
    ];

    /// <summary>The rubric these settings describe; throws naming the setting when a question is unusable.</summary>
    public static IReadOnlyList<RubricQuestion> Read(IConfiguration configuration)
    {
        var options = new CaseAuditOptions();
        configuration.GetSection("CaseAudits").Bind(options);
        if (options.Rubric.Count == 0) return DefaultRubric;
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var q in options.Rubric)
        {
            if (string.IsNullOrWhiteSpace(q.Key) || string.IsNullOrWhiteSpace(q.Title) || string.IsNullOrWhiteSpace(q.Question))
                throw new InvalidOperationException("CaseAudits:Rubric: every question needs a Key, a Title and a Question.");
            if (!keys.Add(q.Key.Trim())) throw new InvalidOperationException($"CaseAudits:Rubric: the key '{q.Key}' is used twice.");
        }
        return [.. options.Rubric.Select(q => new RubricQuestion(q.Key.Trim(), q.Title.Trim(), q.Question.Trim()))];
    }
}

/// <summary>The rubric in force (<see cref="CaseAuditOptions"/>).</summary>
public sealed record CaseAuditRubric(IReadOnlyList<RubricQuestion> Questions);

/// <summary>An answer to one question of the rubric, with the question as it was asked and the evidence seen.</summary>
public sealed record RubricAnswer(string Key, string Question, RubricRating Rating, string? Evidence);

/// <summary>A sample as its page lists it.</summary>
public sealed record SampleSummary(long Id, LocalDate From, LocalDate To, int Size, long Seed, string DrawnBy, Instant DrawnAt, int Cases, int Audited, int Moderated);

/// <summary>
/// A sampled case with its audit, for the sample's and the case's pages. <see cref="Withheld"/>: the record has since
/// been restricted (UK GDPR Art. 18) or erased, so what the auditors wrote about it is not shown and it is audited no more.
/// </summary>
public sealed record AuditedCase(long Id, long SampleId, int Position, string Kind, string Reference, AuditArea Area, Instant CaseAt, string? Auditor,
    Instant? AuditedAt, IReadOnlyList<RubricAnswer> Answers, CaseGrade? Grade, string? Reasons, string? Moderator, Instant? ModeratedAt,
    CaseGrade? ModeratedGrade, string? ModerationNote, int Version, bool Withheld = false)
{
    /// <summary>The grade that stands: the moderator's once moderated, else the auditor's.</summary>
    public CaseGrade? FinalGrade => ModeratedGrade ?? Grade;

    /// <summary>Where the case is in its audit, in words.</summary>
    public string Status => ModeratedAt is not null ? "Moderated" : AuditedAt is not null ? "Audited, awaiting moderation" : "To audit";

    /// <summary>Why <paramref name="author"/> may not audit (or audit again) this case, or null when they may.</summary>
    public string? CannotRecord(string author) =>
        Withheld ? "This record has been restricted or erased since it was drawn: it is audited no more."
        : ModeratedAt is not null ? "This case has been moderated: its audit can no longer change."
        : Auditor is not null && !string.Equals(Auditor, author, StringComparison.OrdinalIgnoreCase) ? $"{Auditor} audited this case: as a second auditor, moderate it."
        : null;

    /// <summary>Why <paramref name="author"/> may not moderate this case, or null when they may.</summary>
    public string? CannotModerate(string author) =>
        Withheld ? "This record has been restricted or erased since it was drawn: it is audited no more."
        : AuditedAt is null ? "This case has not been audited yet: audit it before it is moderated."
        : ModeratedAt is not null ? "This case has already been moderated."
        : string.Equals(Auditor, author, StringComparison.OrdinalIgnoreCase) ? "A second auditor moderates a case: you audited this one."
        : null;
}

/// <summary>Counts of the grades that stand, for one area, one month audited, or all.</summary>
public sealed record GradeCounts(AuditArea? Area, YearMonth? Month, int Good, int RequiresImprovement, int Inadequate)
{
    public int Total => Good + RequiresImprovement + Inadequate;
    public string Sentence => CaseGrades.Sentence(Good, RequiresImprovement, Inadequate);

    /// <summary>What the counts are of, in words.</summary>
    public string Words => Area is { } a ? AuditAreas.Words(a) : Month is { } m ? "Audited in " + NodaTime.Text.YearMonthPattern.Iso.Format(m) : "All audited cases";

    /// <summary>What the counts are of, for the command line ("area missing", "month 2026-11", "all").</summary>
    public string Key => Area is { } a ? "area " + AuditAreas.Key(a) : Month is { } m ? "month " + NodaTime.Text.YearMonthPattern.Iso.Format(m) : "all";
}

/// <summary>The results of the audits done in a period: overall, by area, by month audited, and how moderation went.</summary>
public sealed record AuditResults(GradeCounts All, IReadOnlyList<GradeCounts> ByArea, IReadOnlyList<GradeCounts> ByMonth, int Moderated, int ModerationChanged, int AwaitingAudit);

/// <summary>
/// Case-file audits: an auditor draws a reproducible stratified sample of a period's cases (<see cref="CaseSample"/>) —
/// notices by their type, missing episodes, child-involved incidents as the initial response — answers the rubric with
/// evidence for each case and grades it; a second auditor moderates. Erased records and those of restricted children are
/// never drawn (they may not be processed).
/// </summary>
public sealed class CaseAudits(AppDbContext db, Clocks.PolicyVersions policies, IClock clock, CaseAuditRubric rubric)
{
    public const int MaxNoteLength = 4000;
    public const int MaxSampleSize = 500;

    public IReadOnlyList<RubricQuestion> Rubric => rubric.Questions;

    public DateTimeZone Zone => policies.Current.Zone;

    /// <summary>The area a notice's case falls in (its type; "other" is a child concern).</summary>
    public static AuditArea AreaOf(NoticeType type) => type switch
    {
        NoticeType.DomesticAbuse => AuditArea.DomesticAbuse,
        NoticeType.Missing => AuditArea.Missing,
        NoticeType.Exploitation => AuditArea.Exploitation,
        NoticeType.OnlineAbuse => AuditArea.OnlineAbuse,
        NoticeType.ChildConcern or NoticeType.Other => AuditArea.ChildConcern,
    };

    /// <summary>
    /// The cases that began in the period: notices by when the concern arose, missing episodes by their report, incidents
    /// involving children by their creation — not erased, no child restricted.
    /// </summary>
    public async Task<IReadOnlyList<AuditCase>> PopulationAsync(ReportPeriod period, CancellationToken ct = default)
    {
        var (start, end) = (period.Start, period.End);
        var cases = new List<AuditCase>();
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.OccurredAt >= start && n.OccurredAt < end && n.ErasedAt == null && n.Child.RestrictedAt == null)
            .Select(n => new { n.Reference, n.Type, n.OccurredAt }).ToListAsync(ct);
        cases.AddRange(notices.Select(n => new AuditCase(Records.Notice, n.Reference, AreaOf(n.Type), n.OccurredAt)));
        var episodes = await db.MissingEpisodes.AsNoTracking()
            .Where(m => m.ReportedAt >= start && m.ReportedAt < end && m.ErasedAt == null && m.Child.RestrictedAt == null)
            .Select(m => new { m.Reference, m.ReportedAt }).ToListAsync(ct);
        cases.AddRange(episodes.Select(m => new AuditCase(Records.Missing, m.Reference, AuditArea.Missing, m.ReportedAt)));
        var incidents = await db.Incidents.AsNoTracking()
            .ChildInvolvedCreatedIn(start, end).Where(i => i.ErasedAt == null && !i.Children.Any(c => c.Child.RestrictedAt != null))
            .Select(i => new { i.Reference, i.CreatedAt }).ToListAsync(ct);
        cases.AddRange(incidents.Select(i => new AuditCase(Records.Incident, i.Reference, AuditArea.InitialResponse, i.CreatedAt)));
        return cases;
    }

    /// <summary>Reads a sample's inputs as the page and the command line give them; throws <see cref="InputException"/> naming each field.</summary>
    public ReportPeriod ReadSampleInputs(string? from, string? to, int? size, long? seed, Dictionary<string, string[]> errors)
    {
        var f = Input.Day(from, "from", "Enter the first day the cases began", errors);
        var t = Input.Day(to, "to", "Enter the day after the last day", errors);
        ReportPeriod? period = null;
        if (f is not null && t is not null)
        {
            if (t <= f) errors["to"] = ["The day after the last day must be after the first day"];
            else if (ReportPeriods.TryParse(from, to, Zone, out var p, out var problem)) period = p;
            else errors["from"] = [problem!];
        }
        if (size is null) errors.TryAdd("size", ["Enter how many cases to sample"]);
        else if (size is < 1 or > MaxSampleSize) errors["size"] = [$"The sample size must be from 1 to {MaxSampleSize}"];
        if (seed is null) errors.TryAdd("seed", ["Enter the seed (any whole number; the same seed draws the same cases)"]);
        Input.ThrowIfAny(errors);
        return period!;
    }

    /// <summary>Draws and keeps a sample: the same period, size and seed over the same records always draw the same cases.</summary>
    public async Task<AuditedSample> DrawAsync(ReportPeriod period, int size, long seed, string author, CancellationToken ct = default)
    {
        var population = await PopulationAsync(period, ct);
        var areas = population.Select(c => c.Area).Distinct().Count();
        if (population.Count == 0) throw InputException.For("from", "No cases began in that period: choose another period");
        if (size < areas) throw InputException.For("size", $"The sample must be at least {areas}, one from each area with cases in the period");
        var drawn = CaseSample.Draw(population, size, seed);
        var sample = new CaseAuditSample
        {
            From = period.From,
            To = period.To,
            Size = size,
            Seed = seed,
            DrawnBy = author,
            DrawnAt = clock.GetCurrentInstant(),
            Cases = [.. drawn.Select((c, i) => new CaseAuditRecord { Position = i + 1, Kind = c.Kind, Reference = c.Reference, Area = c.Area, CaseAt = c.At })],
        };
        db.Add(sample);
        await db.SaveChangesAsync(ct);
        return await SampleAsync(sample.Id, ct);
    }

    /// <summary>A sample as its list shows it, counted by the database: one definition for the list and the sample's page.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<CaseAuditSample, SampleSummary>> Summary = s =>
        new SampleSummary(s.Id, s.From, s.To, s.Size, s.Seed, s.DrawnBy, s.DrawnAt, s.Cases.Count,
            s.Cases.Count(c => c.AuditedAt != null), s.Cases.Count(c => c.ModeratedAt != null));

    public async Task<IReadOnlyList<SampleSummary>> SamplesAsync(CancellationToken ct = default) =>
        await db.Set<CaseAuditSample>().AsNoTracking().OrderByDescending(s => s.DrawnAt).ThenByDescending(s => s.Id).Select(Summary).ToListAsync(ct);

    public async Task<AuditedSample> SampleAsync(long id, CancellationToken ct = default)
    {
        var summary = await db.Set<CaseAuditSample>().AsNoTracking().Where(s => s.Id == id).Select(Summary).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("No such sample.");
        var cases = await db.Set<CaseAuditRecord>().AsNoTracking().Where(c => c.SampleId == id).OrderBy(c => c.Position).ToListAsync(ct);
        return new AuditedSample(summary, [.. cases.Select(View)]);
    }

    public async Task<AuditedCase> CaseAsync(long id, CancellationToken ct = default) =>
        await ViewAsync(await db.Set<CaseAuditRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("No such audited case."), ct);

    /// <summary>The case with whether its record has since been restricted or erased (then its notes are withheld).</summary>
    private async Task<AuditedCase> ViewAsync(CaseAuditRecord row, CancellationToken ct)
    {
        var (kind, reference) = (row.Kind, row.Reference);
        var withheld = kind switch
        {
            Records.Notice => await db.Notices.AnyAsync(n => n.Reference == reference && (n.ErasedAt != null || n.Child.RestrictedAt != null), ct),
            Records.Missing => await db.MissingEpisodes.AnyAsync(m => m.Reference == reference && (m.ErasedAt != null || m.Child.RestrictedAt != null), ct),
            Records.Incident => await db.Incidents.AnyAsync(i => i.Reference == reference && (i.ErasedAt != null || i.Children.Any(c => c.Child.RestrictedAt != null)), ct),
            _ => false,
        };
        var view = View(row);
        return withheld ? view with { Withheld = true, Answers = [], Reasons = null, ModerationNote = null } : view;
    }

    /// <summary>
    /// Records an auditor's audit of a case: a rating for every question of the rubric, evidence for each one that
    /// applies, a grade and the reasons for it. Its auditor can audit it again until it is moderated; another auditor moderates. <paramref name="version"/>
    /// is the case's version the auditor saw: a change since then is a conflict, and nothing is saved.
    /// </summary>
    public async Task RecordAsync(long id, int version, IReadOnlyDictionary<string, (string? Rating, string? Evidence)> answers, string? grade, string? reasons,
        string author, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var recorded = new List<RubricAnswer>();
        foreach (var q in rubric.Questions)
        {
            var (rating, evidence) = answers.TryGetValue(q.Key, out var a) ? a : (null, null);
            var note = Input.Text(evidence, "evidence-" + q.Key, errors, MaxNoteLength);
            if (!CaseGrades.TryParse(rating, out RubricRating r))
            {
                errors["rating-" + q.Key] = [$"Select a rating for {q.Title.ToLowerInvariant()}"];
                continue;
            }
            if (r != RubricRating.NotApplicable && note is null && !errors.ContainsKey("evidence-" + q.Key))
                errors["evidence-" + q.Key] = [$"Enter the evidence for {q.Title.ToLowerInvariant()}"];
            recorded.Add(new RubricAnswer(q.Key, q.Question, r, note));
        }
        if (!CaseGrades.TryParse(grade, out CaseGrade g)) errors["grade"] = ["Select a grade for the case"];
        var why = Input.RequiredText(reasons, "reasons", "Enter the reasons for the grade", MaxNoteLength, errors);
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        if ((await ViewAsync(row, ct)).CannotRecord(author) is { } cannot) throw new RuleException(cannot, isConflict: true);
        (row.Auditor, row.AuditedAt, row.Answers, row.Grade, row.Reasons) = (author, clock.GetCurrentInstant(), JsonSerializer.Serialize(recorded, Json), g, why);
        await SaveAsync(row, ct);
    }

    /// <summary>
    /// A second auditor's moderation of an audited case: the grade that stands (the auditor's, or a different one with the
    /// reason for the change). The auditor cannot moderate their own audit.
    /// </summary>
    public async Task ModerateAsync(long id, int version, string? grade, string? note, string author, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CaseGrades.TryParse(grade, out CaseGrade g)) errors["moderated-grade"] = ["Select the grade that stands"];
        var why = Input.Text(note, "moderation-note", errors, MaxNoteLength);
        Input.ThrowIfAny(errors);
        var row = await TrackedAsync(id, version, ct);
        if ((await ViewAsync(row, ct)).CannotModerate(author) is { } cannot) throw new RuleException(cannot, isConflict: true);
        if (g != row.Grade && why is null) throw InputException.For("moderation-note", "Enter why the grade changes");
        (row.Moderator, row.ModeratedAt, row.ModeratedGrade, row.ModerationNote) = (author, clock.GetCurrentInstant(), g, why);
        await SaveAsync(row, ct);
    }

    /// <summary>
    /// The grades that stand for the audited cases that began in a period (all audited cases when null), overall, by area
    /// and by month audited; with how many sampled cases of the period are still to audit. A case drawn in more than one
    /// sample counts once, by its latest audit.
    /// </summary>
    public async Task<AuditResults> ResultsAsync(ReportPeriod? period, CancellationToken ct = default)
    {
        var (audited, awaiting) = await LatestAsync(period, ct);
        var zone = Zone;
        static GradeCounts Count(AuditArea? area, YearMonth? month, IEnumerable<CaseGrade?> grades)
        {
            var list = grades.ToList();
            return new GradeCounts(area, month, list.Count(g => g == CaseGrade.Good), list.Count(g => g == CaseGrade.RequiresImprovement), list.Count(g => g == CaseGrade.Inadequate));
        }
        var final = audited.Select(a => (a.Area, Month: a.AuditedAt!.Value.InZone(zone).Date.ToYearMonth(), Grade: a.FinalGrade)).ToList();
        return new AuditResults(
            Count(null, null, final.Select(f => f.Grade)),
            [.. AuditAreas.All.Where(area => final.Any(f => f.Area == area)).Select(area => Count(area, null, final.Where(f => f.Area == area).Select(f => f.Grade)))],
            [.. final.GroupBy(f => f.Month).OrderBy(m => m.Key).Select(m => Count(null, m.Key, m.Select(f => f.Grade)))],
            audited.Count(a => a.ModeratedAt != null),
            audited.Count(a => a.ModeratedAt != null && a.ModeratedGrade != a.Grade),
            awaiting);
    }

    /// <summary>The audited cases that began in a period, each once (its latest audit), in the order audited.</summary>
    public async Task<IReadOnlyList<AuditedCase>> AuditedCasesAsync(ReportPeriod period, CancellationToken ct = default) => (await LatestAsync(period, ct)).Audited;

    /// <summary>Each audited case once, by its latest audit, in the order audited; and how many cases no sample has audited yet.</summary>
    private async Task<(IReadOnlyList<AuditedCase> Audited, int Awaiting)> LatestAsync(ReportPeriod? period, CancellationToken ct)
    {
        var cases = db.Set<CaseAuditRecord>().AsNoTracking();
        if (period is not null)
        {
            var (start, end) = (period.Start, period.End);
            cases = cases.Where(c => c.CaseAt >= start && c.CaseAt < end);
        }
        var rows = await cases.ToListAsync(ct);
        var byCase = rows.GroupBy(c => (c.Kind, c.Reference)).ToList();
        var latest = byCase.Select(g => g.Where(c => c.AuditedAt != null).OrderBy(c => c.AuditedAt).ThenBy(c => c.Id).LastOrDefault()).OfType<CaseAuditRecord>()
            .OrderBy(c => c.AuditedAt).ThenBy(c => c.Id).Select(View).ToList();
        return (latest, byCase.Count(g => g.All(c => c.AuditedAt == null)));
    }

    /// <summary>
    /// Erases what auditors wrote about erased records (the evidence, the reasons, the moderation note), keeping the
    /// ratings and grades, in the erasure's own unit of work (saved with it).
    /// </summary>
    public static async Task EraseNotesAsync(AppDbContext db, IReadOnlyList<(string Kind, string Reference)> records, CancellationToken ct)
    {
        foreach (var group in records.GroupBy(r => r.Kind))
        {
            var references = group.Select(r => r.Reference).ToList();
            var kind = group.Key;
            foreach (var row in await db.Set<CaseAuditRecord>().Where(c => c.Kind == kind && references.Contains(c.Reference)).ToListAsync(ct))
            {
                if (row.Answers is not null)
                    row.Answers = JsonSerializer.Serialize(View(row).Answers.Select(a => a with { Evidence = a.Evidence is null ? null : Domain.Subjects.Erasure.Erased }), Json);
                row.Reasons = row.Reasons is null ? null : Domain.Subjects.Erasure.Erased;
                row.ModerationNote = row.ModerationNote is null ? null : Domain.Subjects.Erasure.Erased;
                row.Version++;
            }
        }
    }

    private async Task<CaseAuditRecord> TrackedAsync(long id, int version, CancellationToken ct)
    {
        var row = await db.Set<CaseAuditRecord>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("No such audited case.");
        if (row.Version != version) throw Changed();
        return row;
    }

    private async Task SaveAsync(CaseAuditRecord row, CancellationToken ct)
    {
        row.Version++;
        await db.SaveVersionedAsync(ChangedWords, ct);
    }

    private const string ChangedWords = "Someone else saved this case since you opened it: look at what they recorded and try again.";

    private static RuleException Changed() => new(ChangedWords, isConflict: true);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static AuditedCase View(CaseAuditRecord c) => new(c.Id, c.SampleId, c.Position, c.Kind, c.Reference, c.Area, c.CaseAt, c.Auditor, c.AuditedAt,
        c.Answers is null ? [] : JsonSerializer.Deserialize<List<RubricAnswer>>(c.Answers, Json) ?? [], c.Grade, c.Reasons, c.Moderator, c.ModeratedAt,
        c.ModeratedGrade, c.ModerationNote, c.Version);
}

/// <summary>A sample and its cases in the order drawn.</summary>
public sealed record AuditedSample(SampleSummary Sample, IReadOnlyList<AuditedCase> Cases);
