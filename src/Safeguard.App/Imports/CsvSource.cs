using System.IO.Enumeration;
using NodaTime;
using NodaTime.Text;
using Safeguard.Domain.Time;

namespace Safeguard.App.Imports;

/// <summary>
/// How the rows of one file are read: Safeguard's own contract (<see cref="Standard"/>), or a mapping profile checked
/// against it (<see cref="From"/>): the source's column names, zone, time formats, null values, value mappings, where
/// children_involved comes from, and the rows left out. Every reader goes through it, so a profile changes how a file is
/// read and nothing else: the same checks, line numbers and all-or-nothing as a file in Safeguard's own format.
/// </summary>
public sealed class CsvSource
{
    public const string Any = "*";
    private const string ChildrenColumn = "children_involved";

    private readonly Dictionary<string, string> columns;
    private readonly HashSet<string> nulls;
    private readonly Dictionary<string, Dictionary<string, string>> values;
    private readonly List<TimeFormat> formats;
    private readonly ImportProfile.ChildrenRule? children;
    private readonly List<(string Column, string Rule, Func<string, bool> Applies)> exclusions;

    private CsvSource(DateTimeZone zone, Dictionary<string, string> columns, HashSet<string> nulls, Dictionary<string, Dictionary<string, string>> values,
        List<TimeFormat> formats, ImportProfile.ChildrenRule? children, List<(string, string, Func<string, bool>)> exclusions)
    {
        Zone = zone;
        this.columns = columns;
        this.nulls = nulls;
        this.values = values;
        this.formats = formats;
        this.children = children;
        this.exclusions = exclusions;
    }

    public DateTimeZone Zone { get; }

    /// <summary>Whether a profile maps this file (its column names then appear beside Safeguard's in errors).</summary>
    public bool Mapped => columns.Count > 0;

    /// <summary>A file in Safeguard's own format, times without an offset in <paramref name="zone"/>.</summary>
    public static CsvSource Standard(DateTimeZone zone) =>
        new(zone, new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), [], null, []);

    /// <summary>
    /// The profile read for a file of <paramref name="contract"/>; every problem at once in
    /// <see cref="ImportProfileException"/> when it asks for something the file cannot have.
    /// </summary>
    public static CsvSource From(ImportProfile profile, CsvContract contract, DateTimeZone policyZone)
    {
        var problems = new List<string>();
        var zone = profile.TimeZone is { } id ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim()) : policyZone;
        if (zone is null)
        {
            problems.Add($"timeZone '{profile.TimeZone}' is not an IANA time zone (such as Europe/London)");
            zone = policyZone;
        }

        var formats = new List<TimeFormat>();
        foreach (var text in profile.TimeFormats ?? [])
        {
            if (TimeFormat.TryCreate(text, out var format, out var why)) formats.Add(format);
            else problems.Add($"timeFormats '{text}' is not a NodaTime date and time pattern: {why}");
        }

        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, source) in profile.Columns ?? [])
        {
            if (!contract.Has(name)) problems.Add($"columns names '{name}', which {contract.What} files do not have (they have {string.Join(", ", contract.Columns)})");
            else if (string.IsNullOrWhiteSpace(source)) problems.Add($"columns gives no source column for '{name}'");
            else columns[name] = source.Trim();
        }

        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        if (profile.Grades is { } grades)
        {
            if (!contract.Has("grade")) problems.Add($"grades applies to incident files, not {contract.What} files");
            var map = ValueMap(grades);
            foreach (var target in map.Values.Distinct().Where(t => !Domain.Incidents.Grades.TryParse(t, out _)))
                problems.Add($"grades maps to '{target}', which is not a grade (emergency, immediate, priority, scheduled, resolution or 1-4)");
            values["grade"] = map;
            values["final_grade"] = map;
        }
        foreach (var (name, mapping) in profile.Values ?? [])
        {
            if (!contract.Has(name)) problems.Add($"values names '{name}', which {contract.What} files do not have");
            else if (values.ContainsKey(name)) problems.Add($"values maps '{name}', which grades already maps");
            else values[name] = ValueMap(mapping ?? []);
        }

        if (profile.ChildrenInvolved is { } rule)
        {
            if (!contract.Has(ChildrenColumn)) problems.Add($"childrenInvolved applies to incident files, not {contract.What} files");
            if ((rule.Value is not null) == (rule.Column is not null)) problems.Add("childrenInvolved needs either a column or a value, not both");
            if (rule.Matches is not null && rule.Column is null) problems.Add("childrenInvolved's matches need a column to match");
            if (rule.Matches is { Count: 0 }) problems.Add("childrenInvolved's matches are empty: name at least one pattern");
            if (columns.ContainsKey(ChildrenColumn)) problems.Add("children_involved is both in columns and in childrenInvolved: keep one");
        }

        var exclusions = new List<(string, string, Func<string, bool>)>();
        foreach (var (exclude, n) in (profile.Exclude ?? []).Select((e, i) => (e, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(exclude.Column))
            {
                problems.Add($"exclude rule {n} names no column");
                continue;
            }
            var tests = new List<(string, Func<string, bool>)>();
            if (exclude.Is is { } equals) tests.Add(($"equals {equals}", v => Same(v, equals)));
            if (exclude.NotEquals is { } notEquals) tests.Add(($"does not equal {notEquals}", v => !Same(v, notEquals)));
            if (exclude.In is { } inList) tests.Add(($"is one of {string.Join(", ", inList)}", v => inList.Any(x => Same(v, x))));
            if (exclude.NotIn is { } notIn) tests.Add(($"is not one of {string.Join(", ", notIn)}", v => !notIn.Any(x => Same(v, x))));
            if (exclude.Matches is { } patterns) tests.Add(($"matches {string.Join(", ", patterns)}", v => Matches(v, patterns)));
            if (tests.Count != 1)
            {
                problems.Add($"exclude rule {n} needs exactly one of equals, notEquals, in, notIn, matches");
                continue;
            }
            var column = exclude.Column.Trim();
            exclusions.Add((column, $"{column} {tests[0].Item1}", tests[0].Item2));
        }

        if (problems.Count > 0) throw new ImportProfileException([.. problems.Select(p => "profile: " + p)]);
        var nulls = new HashSet<string>((profile.NullValues ?? []).Select(v => v.Trim()), StringComparer.OrdinalIgnoreCase);
        return new CsvSource(zone, columns, nulls, values, formats, profile.ChildrenInvolved, exclusions);
    }

    private static Dictionary<string, string> ValueMap(Dictionary<string, string> mapping)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in mapping) map[from.Trim()] = (to ?? "").Trim();
        return map;
    }

    private static bool Same(string value, string other) => string.Equals(value, other.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string value, IEnumerable<string> patterns) =>
        patterns.Any(p => FileSystemName.MatchesSimpleExpression(p.Trim(), value, ignoreCase: true));

    /// <summary>
    /// The file's header read against <paramref name="contract"/>: where each of Safeguard's columns is, and where the
    /// profile's rules read. Throws <see cref="ImportFileException"/> (line 1) when a needed column is missing or named twice.
    /// </summary>
    internal CsvLayout Bind(string[] header, CsvContract contract)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var twice = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
            if (!positions.TryAdd(header[i].Trim(), i)) twice.Add(header[i].Trim());

        // Where a column the file is read by sits, or null; one named twice cannot be read at all.
        int? Find(string sourceColumn) =>
            twice.Contains(sourceColumn) ? throw new ImportFileException(1, $"The header names column '{sourceColumn.ToLowerInvariant()}' twice.")
            : positions.TryGetValue(sourceColumn, out var at) ? at : null;
        int Position(string sourceColumn, string why) =>
            Find(sourceColumn) ?? throw new ImportFileException(1, $"The header lacks column '{sourceColumn}', {why}.");

        var at = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var name in contract.Columns)
        {
            if (Find(SourceOf(name)) is { } position) at[name] = position;
            else if (contract.Required.Contains(name) && !(name == ChildrenColumn && children is not null)) missing.Add(Label(name));
        }
        if (missing.Count > 0) throw new ImportFileException(1, $"The header lacks required column(s): {string.Join(", ", missing)}.");

        Func<string[], string?>? derived = null;
        if (children is { Value: { } constant }) derived = _ => constant ? "true" : "false";
        else if (children is { Column: { } column })
        {
            var position = Position(column.Trim(), "which the profile's childrenInvolved reads");
            derived = children.Matches is { } patterns
                ? record => Matches(Cell(record, position) ?? "", patterns) ? "true" : "false"
                : record => Cell(record, position);
        }
        var rules = exclusions.Select(e => (e.Rule, Position: Position(e.Column, $"which the profile's rule \"{e.Rule}\" reads"), e.Applies)).ToList();
        return new CsvLayout(this, at, derived, rules);
    }

    private string SourceOf(string name) => columns.TryGetValue(name, out var source) ? source : name;

    /// <summary>A column as errors name it: Safeguard's name, with the source's beside it when a profile renames it.</summary>
    public string Label(string name) => columns.TryGetValue(name, out var source) && !source.Equals(name, StringComparison.OrdinalIgnoreCase) ? $"{name} ({source})" : name;

    /// <summary>A cell trimmed; null when the row is short, the cell blank, or one of the profile's null values.</summary>
    internal string? Cell(string[] record, int position)
    {
        if (position >= record.Length || string.IsNullOrWhiteSpace(record[position])) return null;
        var value = record[position].Trim();
        return nulls.Contains(value) ? null : value;
    }

    /// <summary>A value as Safeguard reads it: the profile's mapping for the column when it has one (<c>*</c> for any other).</summary>
    internal string Translate(string column, string value) =>
        values.TryGetValue(column, out var map) && TryMap(map, value, out var to) ? to : value;

    /// <summary>A value through a mapping of source values: its own entry (the map decides case), else the <c>*</c> entry.</summary>
    public static bool TryMap<T>(IReadOnlyDictionary<string, T> map, string value, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T mapped) =>
        map.TryGetValue(value.Trim(), out mapped) || map.TryGetValue(Any, out mapped);

    /// <summary>A time in the profile's formats, then ISO 8601 (<see cref="WallClock"/>); a wall time read in <see cref="Zone"/>.</summary>
    internal bool TryParseTime(string text, Instant? notBefore, out Instant instant, out string? error)
    {
        foreach (var format in formats)
            if (format.TryParse(text, Zone, notBefore, out instant, out error)) return true;
            else if (error is not null) return false; // read, but not a time Safeguard can take (the spring gap, year 2300)
        if (WallClock.TryParse(text, Zone, notBefore, out instant, out error)) return true;
        if (formats.Count > 0) error = "is in none of the profile's time formats, nor ISO 8601";
        return false;
    }

    /// <summary>One of a profile's time patterns: a wall time (read in the zone) or one with its offset.</summary>
    private sealed class TimeFormat
    {
        private readonly IPattern<LocalDateTime>? local;
        private readonly IPattern<OffsetDateTime>? offset;

        private TimeFormat(IPattern<LocalDateTime>? local, IPattern<OffsetDateTime>? offset) => (this.local, this.offset) = (local, offset);

        public static bool TryCreate(string text, out TimeFormat format, out string? why)
        {
            format = null!;
            why = null;
            try
            {
                format = new TimeFormat(LocalDateTimePattern.CreateWithInvariantCulture(text), null);
                return true;
            }
            catch (InvalidPatternException e)
            {
                why = e.Message;
            }
            try
            {
                format = new TimeFormat(null, OffsetDateTimePattern.CreateWithInvariantCulture(text));
                return true;
            }
            catch (InvalidPatternException)
            {
                return false;
            }
        }

        /// <summary>False with no error when the text is not in this format; false with the reason when it is, but cannot be taken.</summary>
        public bool TryParse(string text, DateTimeZone zone, Instant? notBefore, out Instant instant, out string? error)
        {
            instant = default;
            error = null;
            if (local?.Parse(text) is { Success: true } wall) return WallClock.Resolve(wall.Value, zone, notBefore, out instant, out error);
            if (offset?.Parse(text) is { Success: true } exact) return WallClock.Within(exact.Value.ToInstant(), out instant, out error);
            return false;
        }
    }
}

/// <summary>A file's header bound to its <see cref="CsvSource"/>: where each of Safeguard's columns sits, and the rules' columns.</summary>
internal sealed class CsvLayout(CsvSource source, Dictionary<string, int> columns, Func<string[], string?>? childrenInvolved,
    List<(string Rule, int Position, Func<string, bool> Applies)> exclusions)
{
    public CsvSource Source { get; } = source;

    /// <summary>The first of the profile's rules that leaves this row out, or null.</summary>
    public string? ExcludedBy(string[] record)
    {
        foreach (var (rule, position, applies) in exclusions)
            if (applies(Source.Cell(record, position) ?? "")) return rule;
        return null;
    }

    public bool Has(string name) => columns.ContainsKey(name) || (childrenInvolved is not null && name == "children_involved");

    /// <summary>Safeguard's column <paramref name="name"/> in this row, as read through the profile; null when empty.</summary>
    public string? Field(string[] record, string name)
    {
        if (childrenInvolved is not null && name == "children_involved") return childrenInvolved(record);
        if (!columns.TryGetValue(name, out var position)) return null;
        return Source.Cell(record, position) is { } value ? Source.Translate(name, value) : null;
    }
}
