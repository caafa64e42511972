using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Safeguard.Domain.Inspection;

/// <summary>The areas of practice a case-file audit samples across, as the inspection's case audit does.</summary>
public enum AuditArea
{
    DomesticAbuse,
    Missing,
    Exploitation,
    OnlineAbuse,
    ChildConcern,
    InitialResponse,
}

public static class AuditAreas
{
    public static IReadOnlyList<AuditArea> All { get; } = Enum.GetValues<AuditArea>();

    /// <summary>The area's name in files and addresses.</summary>
    public static string Key(AuditArea area) => area switch
    {
        AuditArea.DomesticAbuse => "domestic-abuse",
        AuditArea.Missing => "missing",
        AuditArea.Exploitation => "exploitation",
        AuditArea.OnlineAbuse => "online-abuse",
        AuditArea.ChildConcern => "child-concern",
        AuditArea.InitialResponse => "initial-response",
    };

    public static string Words(AuditArea area) => area switch
    {
        AuditArea.DomesticAbuse => "Domestic abuse",
        AuditArea.Missing => "Missing children",
        AuditArea.Exploitation => "Exploitation",
        AuditArea.OnlineAbuse => "Online abuse",
        AuditArea.ChildConcern => "Child concern",
        AuditArea.InitialResponse => "Initial response",
    };

    public static bool TryParse(string? key, out AuditArea area) => Keys.TryParse(All, Key, key, out area);
}

/// <summary>Reading a fixed choice back from its key, as forms and files give it (trimmed, any case).</summary>
public static class Keys
{
    public static bool TryParse<T>(IReadOnlyList<T> all, Func<T, string> keyOf, string? key, out T value) where T : struct
    {
        foreach (var v in all)
            if (string.Equals(keyOf(v), key?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        value = default;
        return false;
    }
}

/// <summary>A record that may be audited: its kind and reference, its area of practice, and when it began.</summary>
public sealed record AuditCase(string Kind, string Reference, AuditArea Area, Instant At);

/// <summary>
/// A reproducible stratified random sample of cases. Each area gets a share of the sample in proportion to its cases
/// (largest remainder in whole numbers, ties to the earlier area in <see cref="AuditArea"/>'s order), at least one from every area that has cases, never more than it has.
/// Within an area the cases are ordered by the SHA-256 of "seed:kind:reference" (hex, ascending) and the first are taken,
/// so the same cases and seed always give the same sample, whatever order the cases are read in, and anyone can check
/// it without Safeguard.
/// </summary>
public static class CaseSample
{
    /// <summary>How many cases each area gives a sample of <paramref name="size"/> from these populations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is below one, or below the number of areas with cases.</exception>
    public static IReadOnlyDictionary<AuditArea, int> Allocate(IReadOnlyDictionary<AuditArea, int> population, int size)
    {
        var areas = AuditAreas.All.Where(a => population.GetValueOrDefault(a) > 0).ToList();
        var total = areas.Sum(a => population[a]);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), "A sample has at least one case.");
        if (size < areas.Count)
            throw new ArgumentOutOfRangeException(nameof(size), $"A sample takes at least one case from each of the {areas.Count} areas with cases.");
        var allocation = AuditAreas.All.ToDictionary(a => a, _ => 0);
        if (size >= total)
        {
            foreach (var a in areas) allocation[a] = population[a];
            return allocation;
        }
        // Quotas are size × cases / total; compared in whole numbers (how far below its quota an area is, times the
        // total), so that equal remainders are equal and ties go to the earlier area, as anyone checking by hand would.
        long Below(AuditArea a) => (long)size * population[a] - (long)allocation[a] * total;
        foreach (var a in areas) allocation[a] = Math.Max(1, (int)((long)size * population[a] / total));
        var given = areas.Sum(a => allocation[a]);
        // Largest remainder first (the area furthest below its quota).
        while (given < size)
        {
            var next = areas.Where(a => allocation[a] < population[a]).OrderByDescending(Below).ThenBy(a => a).First();
            allocation[next]++;
            given++;
        }
        // The minimum of one can overshoot: take back from the areas furthest above their quota that can spare one.
        while (given > size)
        {
            var next = areas.Where(a => allocation[a] > 1).OrderBy(Below).ThenBy(a => a).First();
            allocation[next]--;
            given--;
        }
        return allocation;
    }

    /// <summary>The sample: per area its allocated count of cases, in the order of their draw key; areas in order.</summary>
    public static IReadOnlyList<AuditCase> Draw(IEnumerable<AuditCase> cases, int size, long seed)
    {
        var byArea = cases.DistinctBy(c => (c.Kind, c.Reference)).GroupBy(c => c.Area).ToDictionary(g => g.Key, g => g.ToList());
        var allocation = Allocate(byArea.ToDictionary(p => p.Key, p => p.Value.Count), size);
        var sample = new List<AuditCase>(size);
        foreach (var area in AuditAreas.All)
        {
            if (!byArea.TryGetValue(area, out var inArea)) continue;
            sample.AddRange(inArea.OrderBy(c => DrawKey(seed, c), StringComparer.Ordinal).ThenBy(c => c.Reference, StringComparer.Ordinal).Take(allocation[area]));
        }
        return sample;
    }

    /// <summary>A case's place in the draw: lower-case hex SHA-256 of "seed:kind:reference" in UTF-8.</summary>
    public static string DrawKey(long seed, AuditCase c) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:{c.Kind}:{c.Reference}"))));
}

/// <summary>An auditor's overall judgement of a case, as the inspectorate grades its case audits.</summary>
public enum CaseGrade
{
    Good,
    RequiresImprovement,
    Inadequate,
}

/// <summary>How well a case met one question of the rubric.</summary>
public enum RubricRating
{
    Met,
    PartlyMet,
    NotMet,
    NotApplicable,
}

public static class CaseGrades
{
    public static IReadOnlyList<CaseGrade> All { get; } = Enum.GetValues<CaseGrade>();
    public static IReadOnlyList<RubricRating> Ratings { get; } = Enum.GetValues<RubricRating>();

    public static string Key(CaseGrade grade) => grade switch
    {
        CaseGrade.Good => "good",
        CaseGrade.RequiresImprovement => "requires-improvement",
        CaseGrade.Inadequate => "inadequate",
    };

    public static string Words(CaseGrade grade) => grade switch
    {
        CaseGrade.Good => "good",
        CaseGrade.RequiresImprovement => "requires improvement",
        CaseGrade.Inadequate => "inadequate",
    };

    /// <summary>The grade as a heading or an option starts it ("Requires improvement").</summary>
    public static string Title(CaseGrade grade) => char.ToUpperInvariant(Words(grade)[0]) + Words(grade)[1..];

    public static string Key(RubricRating rating) => rating switch
    {
        RubricRating.Met => "met",
        RubricRating.PartlyMet => "partly-met",
        RubricRating.NotMet => "not-met",
        RubricRating.NotApplicable => "not-applicable",
    };

    public static string Words(RubricRating rating) => rating switch
    {
        RubricRating.Met => "Met",
        RubricRating.PartlyMet => "Partly met",
        RubricRating.NotMet => "Not met",
        RubricRating.NotApplicable => "Not applicable",
    };

    public static bool TryParse(string? key, out CaseGrade grade) => Keys.TryParse(All, Key, key, out grade);

    public static bool TryParse(string? key, out RubricRating rating) => Keys.TryParse(Ratings, Key, key, out rating);

    /// <summary>"30 cases: 12 good, 14 requires improvement, 4 inadequate" (grades with none are said as 0).</summary>
    public static string Sentence(int good, int requiresImprovement, int inadequate)
    {
        var total = good + requiresImprovement + inadequate;
        return $"{total} {(total == 1 ? "case" : "cases")}: {good} good, {requiresImprovement} requires improvement, {inadequate} inadequate";
    }
}
