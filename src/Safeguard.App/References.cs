using System.Text;

namespace Safeguard.App;

/// <summary>
/// A record's reference as Safeguard keeps and matches it, the one rule for the API, the pages, the files and the
/// addresses: Unicode compatibility forms folded (NFKC: a full-width "ＩＮＣ" is "INC"), then only the letters A–Z (either
/// case, kept in capitals), the digits and <c>- _ . /</c>, beginning with a letter or a digit, at most 64 characters.
/// So "inc-1" and "INC-1" are one record, while a lookalike — a Cyrillic "І", a zero-width space, a control character —
/// is refused rather than becoming a record of its own. "NEW" alone is refused too: it is the address of the pages
/// that record a new notice or episode (<c>/Notices/New</c>, <c>/Missing/New</c>), so a record of that name could never
/// be opened.
/// </summary>
public static class References
{
    public const int MaxLength = Imports.CsvFile.MaxReferenceLength;

    /// <summary>What a reference may hold, in words for error messages.</summary>
    public const string Alphabet = "letters A–Z, digits and - _ . /";

    /// <summary>The one word a reference may not be: the last part of the addresses of the pages for a new record.</summary>
    public const string Reserved = "NEW";

    /// <summary>A reference made up for a record entered with none: the prefix, the day and six random hex digits (PPN-20261202-3FBD80).</summary>
    public static string Invent(string prefix, NodaTime.LocalDate day) =>
        $"{prefix}-{day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>
    /// Part of a reference, as a search takes it: folded as references are kept (NFKC, capitals), so "c-12" finds
    /// C-1234; null when there is none.
    /// </summary>
    public static string? Fragment(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return text.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            return text.Trim().ToUpperInvariant(); // not valid Unicode: no reference holds it, so nothing is found
        }
    }

    /// <summary>
    /// The reference <paramref name="text"/> stands for (trimmed, folded, in capitals), or null with what is wrong with
    /// it (a phrase to follow the field's name). Blank text is wrong too: "is missing".
    /// </summary>
    public static (string? Reference, string? Problem) Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, "is missing");
        string folded;
        try
        {
            folded = text.Trim().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return (null, $"may hold only {Alphabet}"); // not valid Unicode (a lone surrogate)
        }
        if (folded.Length > MaxLength) return (null, $"is longer than {MaxLength} characters");
        foreach (var c in folded)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '/')) return (null, $"may hold only {Alphabet}");
        }
        if (!char.IsAsciiLetterOrDigit(folded[0])) return (null, "must begin with a letter or a digit");
        var reference = folded.ToUpperInvariant();
        if (reference == Reserved) return (null, $"cannot be \"{Reserved}\" alone (the pages use it for a new record)");
        return (reference, null);
    }
}
