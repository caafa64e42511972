using NodaTime;
using Safeguard.Domain.Time;

namespace Safeguard.App;

/// <summary>Reading API input the same way everywhere: times in the three forms, blank text as absent.</summary>
public static class Input
{
    /// <summary>
    /// A time as files carry them (see <see cref="WallClock"/>; without an offset, a wall time in <paramref name="zone"/>);
    /// adds a field error and returns null when it is wrong.
    /// </summary>
    public static Instant? Time(string? text, string field, Dictionary<string, string[]> errors, DateTimeZone zone, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = [$"{field} is required"];
            return null;
        }
        if (WallClock.TryParse(text, zone, out var instant, out var error)) return instant;
        errors[field] = [$"{field} {error}"];
        return null;
    }

    /// <summary>A day as yyyy-MM-dd, or null when blank; adds a field error and returns null when it is not one.</summary>
    public static LocalDate? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success && parsed.Value.Year is >= 1900 and <= 2999) return parsed.Value;
        errors[field] = [$"{field} must be a date as yyyy-MM-dd between 1900 and 2999"];
        return null;
    }

    /// <summary>
    /// A required day as a form gives it (yyyy-MM-dd): <paramref name="missing"/> when blank, a plain-English error when it
    /// is not a real date; null then.
    /// </summary>
    public static LocalDate? Day(string? value, string field, string missing, Dictionary<string, string[]> errors)
    {
        if (Blank(value) is null)
        {
            errors.TryAdd(field, [missing]);
            return null;
        }
        var day = Date(value, field, errors);
        if (day is null) errors[field] = ["Enter a real date as year-month-day, for example 2026-09-01"];
        return day;
    }

    /// <summary>
    /// Trimmed text, or null when there is nothing a reader could see: blank, or only spaces and invisible format
    /// characters (a zero-width space is no reason).
    /// </summary>
    public static string? Blank(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            ? null
            : value.Trim();

    /// <summary>
    /// A record's reference as <see cref="References"/> keeps it; adds a field error and returns null when it is missing
    /// (if required) or not a reference.
    /// </summary>
    public static string? Reference(string? value, string field, Dictionary<string, string[]> errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors[field] = [$"{field} is required"];
            return null;
        }
        var (reference, problem) = App.References.Normalise(value);
        if (problem is not null) errors[field] = [$"{field} {problem}"];
        return reference;
    }

    /// <summary>Text of at most <paramref name="max"/> characters, trimmed, blank as null; adds a field error when longer.</summary>
    public static string? Text(string? value, string field, Dictionary<string, string[]> errors, int max)
    {
        var trimmed = Blank(value);
        if (trimmed is { Length: var length } && length > max) errors[field] = [$"{field} is longer than {max} characters"];
        else if (HasControlCharacter(trimmed)) errors[field] = [$"{field} holds a control character"];
        return trimmed;
    }

    /// <summary>Text a form must have: <paramref name="missing"/> when there is none (see <see cref="Text"/>).</summary>
    public static string? RequiredText(string? value, string field, string missing, int max, Dictionary<string, string[]> errors)
    {
        var text = Text(value, field, errors, max);
        if (text is null && !errors.ContainsKey(field)) errors[field] = [missing];
        return text;
    }

    /// <summary>Whether text holds a control character other than a tab or a line break (a NUL, an escape…).</summary>
    public static bool HasControlCharacter(string? text) => text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    /// <summary>References of a list, each checked, duplicates dropped, in the order given.</summary>
    public static IReadOnlyList<string> References(IReadOnlyList<string>? values, string field, Dictionary<string, string[]> errors)
    {
        var references = new List<string>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (Reference(values![i], $"{field}[{i}]", errors) is { } reference && !references.Contains(reference, StringComparer.Ordinal))
                references.Add(reference);
        }
        return references;
    }

    public static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new InputException(errors);
    }
}
