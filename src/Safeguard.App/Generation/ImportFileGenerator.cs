using System.Globalization;
using System.Text;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

namespace Safeguard.App.Generation;

/// <summary>
/// What to generate: how many of each record, the seed, the period (the <paramref name="Days"/> before
/// <paramref name="End"/>, a local date in <paramref name="Zone"/>), and the agencies notices may be shared with (their
/// codes, as <c>safeguard agencies list</c> shows them; none means no sharing is written).
/// </summary>
public sealed record GenerateRequest(int Incidents, int Notices, int Missing, int Seed, LocalDate End, int Days, DateTimeZone Zone, IReadOnlyList<string> Agencies)
{
    public const int MaxRecords = 100_000_000;
    public const int MaxDays = 3653;

    /// <summary>What is wrong with the request, in words, or nothing.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, count) in new[] { ("--incidents", Incidents), ("--notices", Notices), ("--missing", Missing) })
            if (count is < 0 or > MaxRecords) yield return $"{name} must be from 0 to {MaxRecords:N0}";
        if (Days is < 1 or > MaxDays) yield return $"--days must be from 1 to {MaxDays}";
        foreach (var code in Agencies)
            if (References.Normalise(code).Problem is { } problem) yield return $"--agencies: the code '{code}' {problem}";
    }
}

/// <summary>How many rows each file was given.</summary>
public sealed record GenerateResult(int Incidents, int Notices, int Missing, int Children, int ClockChangeNights);

/// <summary>
/// Writes the three import files (<c>incidents.csv</c>, <c>notices.csv</c>, <c>missing.csv</c>) with a synthetic force's
/// distributions, so any benchmark or test can be run again at any size: grades, districts (some slower), categories
/// (whether children are involved follows the category), the time of day and the day of the week, attendance delays
/// with a long tail, regrades, the children involved drawn so that some recur, notices about child-involved incidents
/// with their review and sharing delays, and missing episodes of children who go missing again and again. Every
/// clock-change night in the period gets incidents on both sides of the change (times are written with their offset,
/// so the repeated hour is written twice over, once in BST and once in GMT).
/// <para>
/// Each row is drawn from its own generator, seeded from the seed and its number, so the files are the same for the same
/// request from run to run (on the same .NET), a notice can name the incident it is about without any incident being held in memory, and
/// memory stays flat at any size.
/// </para>
/// </summary>
public static class ImportFileGenerator
{
    public static readonly string[] IncidentColumns =
        ["reference", "created_at", "grade", "children_involved", "district", "category", "dispatched_at", "arrived_at", "closed_at", "final_grade", "child_references"];

    public static readonly string[] NoticeColumns =
        ["reference", "child_reference", "incident_reference", "type", "officer_risk", "occurred_at", "submitted_at", "reviewed_at", "rag", "shared_at", "shared_with"];

    public static readonly string[] MissingColumns =
        ["reference", "child_reference", "reported_at", "risk", "attended_at", "found_at", "prevention_interview_at", "return_interview_offered_at", "school_contacted_at", "district"];

    /// <summary>Districts: name, share of demand, and how much slower than typical officers arrive there.</summary>
    private static readonly (string Name, double Share, double Slowness)[] Districts =
    [
        ("Northfield", 0.18, 1.0), ("Riverside", 0.16, 0.85), ("Castlegate", 0.15, 1.15), ("Harbour", 0.13, 0.95),
        ("Millbrook", 0.11, 1.05), ("Westmoor", 0.10, 1.45), ("Eastdale", 0.09, 1.35), ("Hillcrest", 0.08, 1.25),
    ];

    /// <summary>Categories: name, share of demand, and the chance a child is involved.</summary>
    private static readonly (string Name, double Share, double Children)[] Categories =
    [
        ("Domestic abuse", 0.16, 0.45), ("Concern for welfare", 0.14, 0.35), ("Assault", 0.12, 0.18), ("Antisocial behaviour", 0.14, 0.12),
        ("Theft", 0.12, 0.04), ("Road traffic collision", 0.08, 0.07), ("Missing person", 0.06, 0.75), ("Child protection", 0.04, 1.0),
        ("Suspicious activity", 0.08, 0.05), ("Sudden death", 0.02, 0.10), ("Public order", 0.04, 0.10),
    ];

    /// <summary>Relative demand by hour of the day (00:00 to 23:00): quiet before dawn, busiest in the evening.</summary>
    private static readonly double[] Hours = [0.9, 0.75, 0.6, 0.45, 0.35, 0.3, 0.35, 0.5, 0.7, 0.85, 0.95, 1.0, 1.05, 1.05, 1.05, 1.1, 1.2, 1.3, 1.35, 1.35, 1.3, 1.25, 1.15, 1.0];

    /// <summary>The hours of the day, for a weighted draw of one (<see cref="Hours"/>).</summary>
    private static readonly int[] HourOfDay = [.. Enumerable.Range(0, 24)];

    /// <summary>Relative demand by day of the week, Monday first: Friday and Saturday busiest.</summary>
    private static readonly double[] Weekdays = [0.95, 0.93, 0.95, 0.98, 1.1, 1.15, 1.0];

    private static readonly OffsetDateTimePattern Written = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary>Writes the three files into <paramref name="directory"/> (made if missing; files of those names are replaced).</summary>
    public static async Task<GenerateResult> WriteAsync(GenerateRequest request, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var world = new World(request);
        await WriteFileAsync(Path.Combine(directory, "incidents.csv"), IncidentColumns, request.Incidents, world.Incident, cancellationToken);
        await WriteFileAsync(Path.Combine(directory, "notices.csv"), NoticeColumns, request.Notices, world.Notice, cancellationToken);
        await WriteFileAsync(Path.Combine(directory, "missing.csv"), MissingColumns, request.Missing, world.Episode, cancellationToken);
        return new GenerateResult(request.Incidents, request.Notices, request.Missing, world.Children, world.Nights.Count);
    }

    private static async Task WriteFileAsync(string path, string[] header, int count, Func<int, string?[]> row, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in header) csv.WriteField(column);
        await csv.NextRecordAsync();
        for (var n = 0; n < count; n++)
        {
            if (n % 10_000 == 0) cancellationToken.ThrowIfCancellationRequested();
            foreach (var field in row(n)) csv.WriteField(field ?? "");
            await csv.NextRecordAsync();
        }
    }

    /// <summary>A time as the files carry it: the local time with its offset (so the repeated hour says which reading it is).</summary>
    internal static string At(Instant instant, DateTimeZone zone) => Written.Format(instant.InZone(zone).ToOffsetDateTime());

    /// <summary>The synthetic force: its period, its clock-change nights, its children; each row from its own seeded generator.</summary>
    private sealed class World
    {
        private readonly GenerateRequest _request;
        private readonly DateTimeZone _zone;
        private readonly LocalDate _first;
        private readonly Instant _end;
        private readonly int _nightIncidents;
        private readonly int _nightStride;

        public World(GenerateRequest request)
        {
            _request = request;
            _zone = request.Zone;
            _first = request.End.PlusDays(-request.Days);
            _end = request.End.AtStartOfDayInZone(_zone).ToInstant();
            var start = _first.AtStartOfDayInZone(_zone).ToInstant();
            // Every change of offset in the period: the night the clocks go forward or back.
            Nights = [.. _zone.GetZoneIntervals(start, _end).Skip(1).Select(i => i.Start)];
            // A few incidents in the two hours around each change (more at scale), spread through the file.
            var perNight = request.Incidents < 1000 ? 0 : Math.Max(3, request.Incidents / 20_000);
            _nightIncidents = perNight * Nights.Count;
            _nightStride = _nightIncidents == 0 ? int.MaxValue : Math.Max(1, request.Incidents / _nightIncidents);
            Children = Math.Max(20, (request.Incidents + request.Notices + request.Missing) / 6);
        }

        public IReadOnlyList<Instant> Nights { get; }

        /// <summary>How many children the records draw on (CH-0000001 up).</summary>
        public int Children { get; }

        private string Time(Instant instant) => At(instant, _zone);

        public string?[] Incident(int n)
        {
            var i = IncidentFacts(n);
            return
            [
                i.Reference, Time(i.Created), i.Grade, i.ChildrenInvolved ? "true" : "false", i.District, i.Category,
                i.Dispatched is { } d ? Time(d) : null, i.Arrived is { } a ? Time(a) : null, i.Closed is { } c ? Time(c) : null,
                i.FinalGrade, string.Join(';', i.Children),
            ];
        }

        /// <summary>Incident <paramref name="n"/>'s facts, the same whenever asked (a notice about it asks again).</summary>
        private IncidentDraw IncidentFacts(int n)
        {
            var random = For(1, n);
            var created = n % _nightStride == 0 && n / _nightStride < _nightIncidents
                ? Nights[n / _nightStride % Nights.Count] + Duration.FromSeconds(random.Next(-3600, 3600))
                : Moment(random);
            var (district, _, slowness) = Draws.Pick(random, Districts, d => d.Share);
            var (category, _, childChance) = Draws.Pick(random, Categories, c => c.Share);
            var roll = random.NextDouble();
            var grade = roll < 0.12 ? "immediate" : roll < 0.50 ? "priority" : roll < 0.85 ? "scheduled" : "resolution";
            var involved = random.NextDouble() < childChance;
            List<string> children = [];
            if (involved && random.NextDouble() < 0.85)
            {
                var named = random.NextDouble() switch { < 0.75 => 1, < 0.95 => 2, _ => 3 };
                while (children.Count < named) children.Add(Child(random, 1.8));
                children = [.. children.Distinct(StringComparer.Ordinal)];
            }
            // Regraded now and then: a priority found less urgent, a scheduled call found more so.
            string? final = (grade, random.NextDouble()) switch
            {
                ("priority", < 0.06) => "scheduled",
                ("scheduled", < 0.03) => "priority",
                ("immediate", < 0.02) => "priority",
                _ => null,
            };
            Instant? dispatched = null, arrived = null, closed = null;
            if (grade == "resolution")
            {
                closed = created + Duration.FromMinutes(30 + random.Next(0, 3 * 24 * 60));
            }
            else if (random.NextDouble() < 0.04)
            {
                // Never attended: closed a day or three later, or still open.
                closed = created + Duration.FromHours(24 + random.Next(0, 48));
            }
            else
            {
                var typical = (final ?? grade) switch { "immediate" => 11.0, "priority" => 46.0, _ => 18 * 60.0 };
                // The night is a little slower, and a long tail of late arrivals.
                var hour = created.InZone(_zone).Hour;
                var night = hour is >= 1 and < 6 ? 1.1 : 1.0;
                var minutes = typical * slowness * night * Math.Exp(0.6 * Draws.Normal(random));
                arrived = created + Duration.FromSeconds(Math.Round(minutes * 60));
                dispatched = created + Duration.FromSeconds(Math.Round(minutes * 60 * (0.1 + 0.4 * random.NextDouble())));
                closed = arrived.Value + Duration.FromMinutes(20 + random.Next(0, 220));
            }
            // What has not happened by the end of the period is not in the file yet.
            if (dispatched >= _end) dispatched = null;
            if (arrived >= _end) arrived = null;
            if (closed >= _end) closed = null;
            return new IncidentDraw($"INC-{n + 1:D8}", created, grade, involved, district, category, dispatched, arrived, closed, final, children);
        }

        public string?[] Notice(int n)
        {
            var random = For(2, n);
            string? incident = null;
            string child;
            Instant occurred;
            string? category = null;
            // Most notices follow a child-involved incident that named the child; the rest come from elsewhere.
            if (_request.Incidents > 0 && random.NextDouble() < 0.65 && AboutAChild(random) is { } about)
            {
                incident = about.Reference;
                child = about.Children[random.Next(about.Children.Count)];
                occurred = about.Created + Duration.FromMinutes(random.Next(0, 60));
                category = about.Category;
            }
            else
            {
                child = Child(random, 1.8);
                occurred = Moment(random);
            }
            var type = category == "Domestic abuse" ? "domestic_abuse"
                : category == "Missing person" ? "missing"
                : random.NextDouble() switch { < 0.35 => "domestic_abuse", < 0.65 => "child_concern", < 0.75 => "exploitation", < 0.85 => "online_abuse", < 0.92 => "missing", _ => "other" };
            var risk = random.NextDouble() switch { < 0.5 => "standard", < 0.85 => "medium", _ => "high" };
            var submitted = occurred + Duration.FromMinutes(Math.Round(180 * Math.Exp(0.9 * Draws.Normal(random))));
            Instant? reviewed = null, shared = null;
            string? rag = null, sharedWith = null;
            if (random.NextDouble() < 0.93)
            {
                var typical = risk == "high" ? 2 * 60.0 : 10 * 60.0;
                reviewed = submitted + Duration.FromMinutes(Math.Round(typical * Math.Exp(0.8 * Draws.Normal(random))));
                rag = (risk, random.NextDouble()) switch
                {
                    ("high", < 0.7) or ("medium", < 0.1) or ("standard", < 0.05) => "red",
                    ("high", < 0.95) or ("medium", < 0.7) or ("standard", < 0.3) => "amber",
                    _ => "green",
                };
                if (rag != "green" && _request.Agencies.Count > 0 && random.NextDouble() < 0.85)
                {
                    shared = reviewed.Value + Duration.FromMinutes(Math.Round(6 * 60 * Math.Exp(0.9 * Draws.Normal(random))));
                    var count = 1 + random.Next(Math.Min(3, _request.Agencies.Count));
                    sharedWith = string.Join(';', _request.Agencies.OrderBy(_ => random.Next()).Take(count));
                }
            }
            if (submitted >= _end) submitted = _end - Duration.FromMinutes(1 + random.Next(0, 60));
            if (submitted < occurred) occurred = submitted;
            if (reviewed >= _end) (reviewed, rag, shared, sharedWith) = (null, null, null, null);
            if (shared >= _end) (shared, sharedWith) = (null, null);
            return
            [
                $"PPN-{n + 1:D8}", child, incident, type, risk, Time(occurred), Time(submitted), reviewed is { } r ? Time(r) : null, rag,
                shared is { } s ? Time(s) : null, sharedWith,
            ];
        }

        /// <summary>An incident that named a child, drawn from the incident file (a few draws, as most name none), or null.</summary>
        private IncidentDraw? AboutAChild(Random random)
        {
            for (var attempt = 0; attempt < 8; attempt++)
                if (IncidentFacts(random.Next(_request.Incidents)) is { Children.Count: > 0 } about) return about;
            return null;
        }

        public string?[] Episode(int n)
        {
            var random = For(3, n);
            // Children who go missing once go missing again: a steep draw on the same children.
            var child = Child(random, 3.0);
            var reported = Moment(random);
            var risk = random.NextDouble() switch { < 0.05 => "very_low", < 0.45 => "low", < 0.9 => "medium", _ => "high" };
            var (district, _, slowness) = Draws.Pick(random, Districts, d => d.Share);
            Instant? attended = null, found = null, prevention = null, offered = null, school = null;
            if (risk != "very_low")
            {
                var typical = risk switch { "high" => 30.0, "medium" => 60.0, _ => 4 * 60.0 };
                attended = reported + Duration.FromSeconds(Math.Round(typical * 60 * slowness * Math.Exp(0.6 * Draws.Normal(random))));
            }
            if (random.NextDouble() < 0.97)
            {
                found = reported + Duration.FromMinutes(Math.Round(10 * 60 * Math.Exp(1.0 * Draws.Normal(random))));
                if (random.NextDouble() < 0.75) prevention = found.Value + Duration.FromMinutes(Math.Round(24 * 60 * Math.Exp(0.7 * Draws.Normal(random))));
                if (random.NextDouble() < 0.85) offered = found.Value + Duration.FromMinutes(Math.Round(40 * 60 * Math.Exp(0.6 * Draws.Normal(random))));
            }
            if (random.NextDouble() < 0.4) school = reported + Duration.FromMinutes(Math.Round(6 * 60 * Math.Exp(0.8 * Draws.Normal(random))));
            // A found time later than the end means still missing; what follows it is not known yet.
            if (found >= _end) (found, prevention, offered) = (null, null, null);
            if (attended >= _end) attended = null;
            if (prevention >= _end) prevention = null;
            if (offered >= _end) offered = null;
            if (school >= _end) school = null;
            return
            [
                $"MIS-{n + 1:D8}", child, Time(reported), risk, attended is { } a ? Time(a) : null, found is { } f ? Time(f) : null,
                prevention is { } p ? Time(p) : null, offered is { } o ? Time(o) : null, school is { } s ? Time(s) : null, district,
            ];
        }

        /// <summary>A child from the pool; the higher <paramref name="skew"/>, the more often the same few children recur.</summary>
        private string Child(Random random, double skew) =>
            $"CH-{(int)(Children * Math.Pow(random.NextDouble(), skew)) + 1:D7}";

        /// <summary>
        /// An instant in the period, busier on Friday and Saturday and in the evening. A wall time that does not exist
        /// (the spring gap) moves on an hour; one that happens twice is either reading.
        /// </summary>
        private Instant Moment(Random random)
        {
            LocalDate day;
            do day = _first.PlusDays(random.Next(_request.Days));
            while (random.NextDouble() * 1.15 > Weekdays[(int)day.DayOfWeek - 1]);
            var hour = Draws.Pick(random, HourOfDay, h => Hours[h]);
            var local = day.At(new LocalTime(hour, random.Next(60), random.Next(60)));
            var mapping = _zone.MapLocal(local);
            return mapping.Count switch
            {
                0 => _zone.AtLeniently(local).ToInstant(),
                1 => mapping.Single().ToInstant(),
                _ => (random.Next(2) == 0 ? mapping.First() : mapping.Last()).ToInstant(),
            };
        }

        /// <summary>A generator for row <paramref name="n"/> of file <paramref name="file"/>, from the seed alone.</summary>
        private Random For(int file, int n)
        {
            // SplitMix64 of (seed, file, row): the same numbers on every machine and every run.
            var z = unchecked(((ulong)(uint)_request.Seed << 32) ^ ((ulong)file << 56) ^ (ulong)n);
            z = unchecked(z + 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return new Random((int)(z & int.MaxValue));
        }
    }

    private sealed record IncidentDraw(string Reference, Instant Created, string Grade, bool ChildrenInvolved, string District, string Category,
        Instant? Dispatched, Instant? Arrived, Instant? Closed, string? FinalGrade, List<string> Children);
}

/// <summary>Draws from a seeded generator, for the generated files and the demonstration data alike.</summary>
internal static class Draws
{
    /// <summary>One of <paramref name="items"/>, each as likely as its weight.</summary>
    public static T Pick<T>(Random random, T[] items, Func<T, double> weight)
    {
        var total = 0.0;
        foreach (var item in items) total += weight(item);
        var roll = random.NextDouble() * total;
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0) return item;
        }
        return items[^1];
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
