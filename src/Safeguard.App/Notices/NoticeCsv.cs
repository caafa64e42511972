using Safeguard.App.Imports;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

public sealed record NoticeCsvRow(int Line, string? Reference, NoticeFacts? Facts, IReadOnlyList<string> Errors) : IImportRow
{
    public IEnumerable<(string Column, string Value)> Counted => Facts is not { } f ? [] :
        [("type", Counting.Word(f.Type)), ("officer_risk", Counting.Word(f.OfficerRisk)), ("rag", f.Rag is { } rag ? Counting.Word(rag) : Counting.Blank)];
}

/// <summary>The notice file (<c>safeguard import notices FILE</c>) on the shared CSV rules.</summary>
public static class NoticeCsv
{
    public const int MaxSharedWithLength = 500;
    /// <summary>The file's columns: those a row needs and those it may have.</summary>
    public static CsvContract Contract { get; } = new("notice", ["reference", "child_reference", "type", "officer_risk", "occurred_at", "submitted_at"],
        ["incident_reference", "reviewed_at", "rag", "shared_at", "shared_with"]);

    public static IEnumerable<NoticeCsvRow> Read(TextReader reader, CsvSource source, Action<string>? excluded = null)
    {
        foreach (var f in CsvFile.Read(reader, Contract, source, excluded))
        {
            var reference = f.Reference();
            var child = f.Reference("child_reference");
            var incident = f.Field("incident_reference") is null ? null : f.Reference("incident_reference");
            var type = f.Required<NoticeType>("type", NoticeValues.TryParseType, "one of child_concern, domestic_abuse, missing, exploitation, online_abuse, other");
            var risk = f.Required<OfficerRisk>("officer_risk", NoticeValues.TryParseRisk, "one of standard, medium, high");
            var occurred = f.RequiredTime("occurred_at");
            var submitted = f.RequiredTime("submitted_at", (occurred, "occurred_at"));
            var reviewed = f.OptionalTime("reviewed_at", (submitted, "submitted_at"));
            var rag = f.Optional<Rag>("rag", NoticeValues.TryParseRag, "one of red, amber, green");
            if (f.Field("reviewed_at") is not null && f.Field("rag") is null) f.Errors.Add("rag is missing (it is required with reviewed_at)");
            if (f.Field("reviewed_at") is null && f.Field("rag") is not null) f.Errors.Add("rag is given but reviewed_at is empty");
            var shared = f.OptionalTime("shared_at", (reviewed, "reviewed_at"));
            var sharedWith = f.Text("shared_with", MaxSharedWithLength);
            yield return f.Errors.Count > 0
                ? new NoticeCsvRow(f.Line, reference, null, f.Errors)
                : new NoticeCsvRow(f.Line, reference,
                    new NoticeFacts(child!, incident, type!.Value, risk!.Value, occurred!.Value, submitted!.Value, reviewed, rag, shared, Agencies(sharedWith)), []);
        }
    }

    /// <summary>Agency names separated by semicolons, trimmed, blanks dropped, joined again with "; ".</summary>
    private static string? Agencies(string? text)
    {
        var names = (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 ? null : string.Join("; ", names);
    }
}
