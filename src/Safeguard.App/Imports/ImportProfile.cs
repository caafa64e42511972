using System.Text.Json;
using System.Text.Json.Serialization;

namespace Safeguard.App.Imports;

/// <summary>The columns of one kind of import file: those a row needs and those it may have (DESIGN.md's contracts).</summary>
public sealed record CsvContract(string What, IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public IEnumerable<string> Columns => Required.Concat(Optional);

    public bool Has(string column) => Columns.Contains(column, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A mapping profile cannot be read or asks for something it cannot have; nothing is imported.</summary>
public sealed class ImportProfileException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// A mapping profile as a force analyst writes it (JSON; <c>--profile FILE</c>): how a command-and-control system's
/// export reads as one of Safeguard's import files. <see cref="CsvSource.From"/> checks it against the file's contract.
/// </summary>
public sealed class ImportProfile
{
    /// <summary>The IANA zone of times without an offset; the policy's zone when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>NodaTime patterns tried in order before ISO 8601.</summary>
    public List<string>? TimeFormats { get; init; }

    /// <summary>Cell values that mean empty (any case).</summary>
    public List<string>? NullValues { get; init; }

    /// <summary>Safeguard's column name to the source's header name (any case).</summary>
    public Dictionary<string, string>? Columns { get; init; }

    /// <summary>Source values of grade and final_grade to Safeguard's grades (any case; <c>*</c> for any other).</summary>
    public Dictionary<string, string>? Grades { get; init; }

    /// <summary>For any other column, source values to Safeguard's (any case; <c>*</c> for any other).</summary>
    public Dictionary<string, Dictionary<string, string>>? Values { get; init; }

    /// <summary>Where children_involved comes from when the source has no such column.</summary>
    public ChildrenRule? ChildrenInvolved { get; init; }

    /// <summary>Rows to leave out before they are checked (self-initiated, cancelled, another agency's), counted by rule.</summary>
    public List<ExcludeRule>? Exclude { get; init; }

    /// <summary>
    /// A column whose values <see cref="Matches"/> (wildcards <c>*</c> and <c>?</c>, any case) mean a child is involved;
    /// a column holding the usual true/false words; or one <see cref="Value"/> for every row.
    /// </summary>
    public sealed class ChildrenRule
    {
        public string? Column { get; init; }
        public List<string>? Matches { get; init; }
        public bool? Value { get; init; }
    }

    /// <summary>One rule: a source column and exactly one test of its value (any case; blank and null values are empty).</summary>
    public sealed class ExcludeRule
    {
        public string? Column { get; init; }

        [JsonPropertyName("equals")]
        public string? Is { get; init; }

        public string? NotEquals { get; init; }
        public List<string>? In { get; init; }
        public List<string>? NotIn { get; init; }
        public List<string>? Matches { get; init; }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The biggest profile read: a profile is a page of settings, not data.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Reads a profile file; throws <see cref="ImportProfileException"/> saying what is wrong and where.</summary>
    public static ImportProfile Read(string path)
    {
        if (!File.Exists(path)) throw new ImportProfileException(["The profile file does not exist."]);
        if (new FileInfo(path).Length > MaxBytes) throw new ImportProfileException([$"The profile is larger than {MaxBytes / 1024} KB."]);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ImportProfile>(stream, Json) ?? throw new ImportProfileException(["The profile is empty (null)."]);
        }
        catch (JsonException e)
        {
            var where = $"{(string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}")}{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}";
            throw new ImportProfileException([e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"The profile has a setting Safeguard does not know{where}."
                : $"The profile is not valid JSON of a profile's shape{where}."]);
        }
    }
}
