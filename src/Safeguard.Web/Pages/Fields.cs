namespace Safeguard.Web.Pages;

/// <summary>
/// A GOV.UK text input or textarea (<c>_Field</c>): its id and name, label, hint, what was typed (kept on an error) and
/// the error, if any. The id is the name, so the error summary's link lands on it.
/// </summary>
public sealed record Field(string Name, string Label, string? Value, string? Error, string? Hint = null, string Width = "govuk-input--width-20",
    bool Multiline = false, string? InputMode = null)
{
    /// <summary>The element's id: the name, unless several forms on the page ask for a field of that name.</summary>
    public string Id { get; init; } = Name;

    /// <summary>A field of a form page, with that page's error for it.</summary>
    public static Field Of(FormPage page, string name, string label, string? value, string? hint = null, string width = "govuk-input--width-20",
        bool multiline = false, string? inputMode = null) =>
        new(name, label, value, page.ErrorFor(name), hint, width, multiline, inputMode);
}

/// <summary>
/// A GOV.UK radio group (<c>_Radios</c>) for a fixed choice: the first radio's id is the name, so the error summary's
/// link lands on the group.
/// </summary>
public sealed record Radios(string Name, string Legend, IReadOnlyList<(string Key, string Words)> Options, string? Checked, string? Error, string? Hint = null,
    string LegendSize = "s", bool Inline = false);
