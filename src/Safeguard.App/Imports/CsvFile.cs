using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NodaTime;
using Safeguard.Domain.Time;

namespace Safeguard.App.Imports;

/// <summary>The file cannot be read as an import file at all (e.g. a required column is missing).</summary>
public sealed class ImportFileException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// The CSV rules every import shares (DESIGN.md): RFC 4180, UTF-8 with or without a BOM, a header row, columns in any
/// order and any case, unknown columns ignored, quoted fields with commas and line breaks. Rows stream: nothing is
/// held but the current row. Each row knows the line it starts on (the header is line 1).
/// </summary>
public static class CsvFile
{
    public const int MaxReferenceLength = 64;
    public const int MaxTextLength = 100;

    /// <summary>
    /// How Safeguard writes CSV for people to open in a spreadsheet: a field that a spreadsheet would run as a formula
    /// (beginning =, +, -, @, a tab or a carriage return — a district named <c>=HYPERLINK(…)</c> in an imported file)
    /// is written with a leading apostrophe, so it shows as text.
    /// </summary>
    public static CsvConfiguration ForSpreadsheets { get; } = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    /// <summary>
    /// A download of rows as CSV for a spreadsheet (<see cref="ForSpreadsheets"/>): UTF-8 without a BOM, the header, then
    /// one record per row as <paramref name="fields"/> gives it; the stream is at its start.
    /// </summary>
    public static async Task<MemoryStream> ExportAsync<T>(IAsyncEnumerable<T> rows, IReadOnlyList<string> header, Func<T, IEnumerable<string?>> fields,
        CancellationToken cancellationToken = default)
    {
        var stream = new MemoryStream();
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, ForSpreadsheets))
        {
            foreach (var h in header) csv.WriteField(h);
            await csv.NextRecordAsync();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                foreach (var field in fields(row)) csv.WriteField(field ?? "");
                await csv.NextRecordAsync();
            }
        }
        stream.Position = 0;
        return stream;
    }

    public static StreamReader OpenText(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { Access = FileAccess.Read, Mode = FileMode.Open, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    /// <summary>
    /// The rows of a file of <paramref name="contract"/>, read through <paramref name="source"/>. A row the source's
    /// profile leaves out is not returned: <paramref name="excluded"/> hears the rule that left it out.
    /// </summary>
    public static IEnumerable<CsvFields> Read(TextReader reader, CsvContract contract, CsvSource source, Action<string>? excluded = null)
    {
        string? badData = null;
        var config = ReadingConfiguration(_ => badData ??= "has a stray quote (fields containing quotes must be quoted, with quotes doubled)");
        using var csv = new CsvReader(reader, config);
        if (!Read(csv)) throw new ImportFileException(1, "The file is empty: it needs a header row.");
        csv.ReadHeader();
        var layout = source.Bind(csv.HeaderRecord ?? [], contract);
        badData = null;

        while (Read(csv))
        {
            var record = csv.Parser.Record ?? [];
            if (layout.ExcludedBy(record) is { } rule)
            {
                excluded?.Invoke(rule);
                badData = null;
                continue;
            }
            var fields = new CsvFields(StartLine(csv.Parser), record, layout);
            if (badData is not null)
            {
                fields.Errors.Add(badData);
                badData = null;
            }
            yield return fields;
        }
    }

    private static CsvConfiguration ReadingConfiguration(BadDataFound? badData) => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        DetectColumnCountChanges = false,
        MissingFieldFound = null,
        HeaderValidated = null,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.None,
        BadDataFound = badData,
    };

    /// <summary>
    /// Writes the rows of <paramref name="path"/> that have errors to <paramref name="rejects"/>, for a person to mend: the
    /// line each starts on, its reasons, then the row as it was, under the file's own header. Errors of the file itself
    /// (line 0, or the header's line 1) come first, without a row. The file is readable by its owner only; a field that a
    /// spreadsheet would run as a formula is written as text (<see cref="ForSpreadsheets"/>).
    /// </summary>
    public static async Task WriteRejectsAsync(string path, IReadOnlyList<Imports.ImportError> errors, string rejects, CancellationToken cancellationToken)
    {
        var reasons = errors.GroupBy(e => e.Line).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Reason)));
        var options = new FileStreamOptions { Access = FileAccess.Write, Mode = FileMode.Create, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var writer = new StreamWriter(rejects, new UTF8Encoding(false), options);
        await using var output = new CsvWriter(writer, ForSpreadsheets);
        string[] header = [];
        using (var reader = File.Exists(path) && reasons.Keys.Any(l => l > 1) ? OpenText(path) : null)
        using (var csv = reader is null ? null : new CsvReader(reader, ReadingConfiguration(null)))
        {
            if (csv is not null && Read(csv))
            {
                csv.ReadHeader();
                header = csv.HeaderRecord ?? [];
            }
            output.WriteField("line");
            output.WriteField("reasons");
            foreach (var name in header) output.WriteField(name);
            await output.NextRecordAsync();
            foreach (var line in reasons.Keys.Where(l => l <= 1).Order())
            {
                output.WriteField(line);
                output.WriteField(reasons[line]);
                await output.NextRecordAsync();
            }
            var written = new HashSet<int>();
            try
            {
                while (csv is not null && Read(csv))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = StartLine(csv.Parser);
                    if (!reasons.TryGetValue(line, out var why) || !written.Add(line)) continue;
                    output.WriteField(line);
                    output.WriteField(why);
                    foreach (var field in csv.Parser.Record ?? []) output.WriteField(field);
                    await output.NextRecordAsync();
                }
            }
            catch (ImportFileException)
            {
                // The file cannot be read past here (not UTF-8): its reason is listed below, without a row.
            }
            foreach (var line in reasons.Keys.Where(l => l > 1 && !written.Contains(l)).Order())
            {
                output.WriteField(line);
                output.WriteField(reasons[line]);
                await output.NextRecordAsync();
            }
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
}

/// <summary>One data row's fields by column name, and what is wrong with them (each reader adds its reasons).</summary>
public sealed class CsvFields
{
    private readonly string[] record;
    private readonly CsvLayout layout;

    internal CsvFields(int line, string[] record, CsvLayout layout) => (Line, this.record, this.layout) = (line, record, layout);

    public int Line { get; }
    public List<string> Errors { get; } = [];

    /// <summary>
    /// The trimmed value as the profile reads it (its mapped column and values), or null when the column is absent or the
    /// value blank or one of the profile's null values.
    /// </summary>
    public string? Field(string name) => layout.Field(record, name);

    /// <summary>Whether the file has Safeguard's column <paramref name="name"/> (under its own name or the profile's), whatever this row holds.</summary>
    public bool Has(string name) => layout.Has(name);

    /// <summary>The column as errors name it: Safeguard's name, and the source's when a profile renames it.</summary>
    private string Label(string name) => layout.Source.Label(name);

    /// <summary>The row's reference as <see cref="App.References"/> keeps it, or null with the reason added.</summary>
    public string? Reference(string name = "reference")
    {
        var (reference, problem) = App.References.Normalise(Field(name));
        if (problem is not null) Errors.Add($"{Label(name)} {problem}");
        return reference;
    }

    /// <summary>References separated by <c>;</c>, each checked like a reference; none when the column is absent or blank.</summary>
    public IReadOnlyList<string> References(string name)
    {
        var references = new List<string>();
        foreach (var part in (Field(name) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (reference, problem) = App.References.Normalise(part);
            if (problem is not null) Errors.Add($"{Label(name)} has a reference that {problem}");
            else if (!references.Contains(reference!, StringComparer.Ordinal)) references.Add(reference!);
        }
        return references;
    }

    public string? Text(string name, int max = CsvFile.MaxTextLength)
    {
        var text = Field(name);
        if (text is { Length: var length } && length > max)
        {
            Errors.Add($"{Label(name)} is longer than {max} characters");
            return null;
        }
        if (Input.HasControlCharacter(text))
        {
            Errors.Add($"{Label(name)} holds a control character");
            return null;
        }
        return text;
    }

    /// <summary>A required time; when <paramref name="notBefore"/> is known, the time may not be earlier.</summary>
    public Instant? RequiredTime(string name, (Instant? At, string Name) notBefore = default)
    {
        if (Field(name) is null)
        {
            Errors.Add($"{Label(name)} is missing");
            return null;
        }
        return OptionalTime(name, notBefore);
    }

    /// <summary>
    /// An optional time; when <paramref name="notBefore"/> is known, the time may not be earlier, and a wall time that
    /// occurs twice takes the earliest reading not before it (<see cref="WallClock.Resolve"/>).
    /// </summary>
    public Instant? OptionalTime(string name, (Instant? At, string Name) notBefore = default)
    {
        var text = Field(name);
        if (text is null) return null;
        if (!layout.Source.TryParseTime(text, notBefore.At, out var instant, out var error))
        {
            Errors.Add($"{Label(name)} {Quote(text)} {error}");
            return null;
        }
        if (notBefore.At is { } earliest && instant < earliest) Errors.Add($"{Label(name)} is before {notBefore.Name}");
        return instant;
    }

    public delegate bool Parser<T>(string text, out T value);

    /// <summary>A required value read by <paramref name="parse"/>; <paramref name="expected"/> says what is allowed.</summary>
    public T? Required<T>(string name, Parser<T> parse, string expected) where T : struct
    {
        if (Field(name) is null)
        {
            Errors.Add($"{Label(name)} is missing");
            return null;
        }
        return Optional(name, parse, expected);
    }

    public T? Optional<T>(string name, Parser<T> parse, string expected) where T : struct
    {
        var text = Field(name);
        if (text is null) return null;
        if (parse(text, out var value)) return value;
        Errors.Add($"{Label(name)} {Quote(text)} is not {expected}");
        return null;
    }

    // Values of the contracts' own columns are times, grades, levels and flags, never personal data; cut them short anyway.
    private static string Quote(string value)
    {
        var shown = value.ReplaceLineEndings("\\n");
        return shown.Length <= 40 ? $"'{shown}'" : $"'{shown[..40]}…'";
    }
}
