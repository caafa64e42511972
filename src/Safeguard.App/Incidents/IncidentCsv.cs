using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NodaTime;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.App.Incidents;

/// <summary>One data row of an incident file: its facts, or why it is invalid. <see cref="Line"/> is where the row starts (the header is line 1).</summary>
public sealed record IncidentCsvRow(int Line, string? Reference, IncidentFacts? Facts, IReadOnlyList<string> Errors);

/// <summary>The file cannot be read as an incident file at all (e.g. a required column is missing).</summary>
public sealed class ImportFileException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads the incident CSV contract of DESIGN.md: RFC 4180, UTF-8 with or without a BOM, a header row, columns in
/// any order and any case, unknown columns ignored. Rows stream: nothing is held but the current row.
/// </summary>
public static class IncidentCsv
{
    public const int MaxReferenceLength = 64;
    public const int MaxTextLength = 100;
    private static readonly string[] Required = ["reference", "created_at", "grade", "children_involved"];
    private static readonly string[] Optional = ["district", "category", "dispatched_at", "arrived_at", "closed_at", "final_grade"];

    public static StreamReader OpenText(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { Access = FileAccess.Read, Mode = FileMode.Open, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    public static IEnumerable<IncidentCsvRow> Read(TextReader reader, DateTimeZone zone)
    {
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            HeaderValidated = null,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.None,
            BadDataFound = _ => badData ??= "has a stray quote (fields containing quotes must be quoted, with quotes doubled)",
        };
        using var csv = new CsvReader(reader, config);
        if (!Read(csv)) throw new ImportFileException(1, "The file is empty: it needs a header row.");
        csv.ReadHeader();
        var columns = MapHeader(csv.HeaderRecord ?? []);
        badData = null;

        while (Read(csv))
        {
            var record = csv.Parser.Record ?? [];
            var line = StartLine(csv.Parser);
            var row = ParseRow(record, columns, line, zone);
            if (badData is not null)
            {
                row = row with { Facts = null, Errors = [.. row.Errors, badData] };
                badData = null;
            }
            yield return row;
        }
    }

    private static bool Read(CsvReader csv)
    {
        try
        {
            return csv.Read();
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(csv.Parser.RawRow, "The file is not valid UTF-8.");
        }
    }

    private static int StartLine(IParser parser)
    {
        // RawRow is the physical line the record ended on; a quoted field may span several lines.
        var raw = parser.RawRecord.AsSpan().TrimEnd("\r\n");
        var breaks = 0;
        foreach (var c in raw)
            if (c == '\n') breaks++;
        return parser.RawRow - breaks;
    }

    private static Dictionary<string, int> MapHeader(string[] header)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (!Required.Contains(name, StringComparer.OrdinalIgnoreCase) && !Optional.Contains(name, StringComparer.OrdinalIgnoreCase))
                continue;
            if (!columns.TryAdd(name, i))
                throw new ImportFileException(1, $"The header names column '{name.ToLowerInvariant()}' twice.");
        }
        var missing = Required.Where(r => !columns.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            throw new ImportFileException(1, $"The header lacks required column(s): {string.Join(", ", missing)}.");
        return columns;
    }

    private static IncidentCsvRow ParseRow(string[] record, Dictionary<string, int> columns, int line, DateTimeZone zone)
    {
        var errors = new List<string>();
        string? Field(string name) =>
            columns.TryGetValue(name, out var i) && i < record.Length && !string.IsNullOrWhiteSpace(record[i]) ? record[i].Trim() : null;

        var reference = Field("reference");
        if (reference is null) errors.Add("reference is missing");
        else if (reference.Length > MaxReferenceLength) errors.Add($"reference is longer than {MaxReferenceLength} characters");

        var created = RequiredTime("created_at");
        Grade grade = default;
        var gradeText = Field("grade");
        if (gradeText is null) errors.Add("grade is missing");
        else if (!Grades.TryParse(gradeText, out grade)) errors.Add($"grade {Quote(gradeText)} is not one of emergency, immediate, priority, scheduled, resolution, 1-4");

        var children = false;
        var childrenText = Field("children_involved");
        if (childrenText is null) errors.Add("children_involved is missing");
        else if (!TryParseBool(childrenText, out children)) errors.Add($"children_involved {Quote(childrenText)} is not true/false, yes/no, y/n or 1/0");

        var dispatched = OptionalTime("dispatched_at");
        var arrived = OptionalTime("arrived_at");
        var closed = OptionalTime("closed_at");
        Grade? finalGrade = null;
        if (Field("final_grade") is { } finalText)
        {
            if (Grades.TryParse(finalText, out var g)) finalGrade = g;
            else errors.Add($"final_grade {Quote(finalText)} is not one of emergency, immediate, priority, scheduled, resolution, 1-4");
        }
        var district = Text("district");
        var category = Text("category");

        if (errors.Count > 0 || created is null)
            return new IncidentCsvRow(line, reference, null, errors);
        return new IncidentCsvRow(line, reference,
            new IncidentFacts(created.Value, grade, finalGrade ?? grade, children, district, category, dispatched, arrived, closed), errors);

        Instant? RequiredTime(string name)
        {
            var text = Field(name);
            if (text is null)
            {
                errors.Add($"{name} is missing");
                return null;
            }
            if (WallClock.TryParse(text, zone, out var instant, out var error)) return instant;
            errors.Add($"{name} {Quote(text)} {error}");
            return null;
        }

        Instant? OptionalTime(string name)
        {
            var text = Field(name);
            if (text is null) return null;
            if (!WallClock.TryParse(text, zone, out var instant, out var error))
            {
                errors.Add($"{name} {Quote(text)} {error}");
                return null;
            }
            if (created is { } c && instant < c) errors.Add($"{name} is before created_at");
            return instant;
        }

        string? Text(string name)
        {
            var text = Field(name);
            if (text is { Length: > MaxTextLength })
            {
                errors.Add($"{name} is longer than {MaxTextLength} characters");
                return null;
            }
            return text;
        }
    }

    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "1":
                value = true;
                return true;
            case "false" or "no" or "n" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    // Values of the contract's own columns are times, grades and flags, never personal data; cut them short anyway.
    private static string Quote(string value)
    {
        var shown = value.ReplaceLineEndings("\\n");
        return shown.Length <= 40 ? $"'{shown}'" : $"'{shown[..40]}…'";
    }
}
