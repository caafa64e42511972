using Safeguard.App.Imports;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

public sealed record MissingCsvRow(int Line, string? Reference, EpisodeFacts? Facts, IReadOnlyList<string> Errors) : IImportRow
{
    public IEnumerable<(string Column, string Value)> Counted => Facts is not { } f ? [] :
        [("risk", f.RiskAtReport.Name()), ("district", Counting.Word(f.District))];
}

/// <summary>The missing-episode file (<c>safeguard import missing FILE</c>) on the shared CSV rules.</summary>
public static class MissingCsv
{
    /// <summary>The file's columns: those a row needs and those it may have.</summary>
    public static CsvContract Contract { get; } = new("missing-episode", ["reference", "child_reference", "reported_at", "risk"],
        ["attended_at", "found_at", "prevention_interview_at", "return_interview_offered_at", "school_contacted_at", "district"]);

    public static IEnumerable<MissingCsvRow> Read(TextReader reader, CsvSource source, Action<string>? excluded = null)
    {
        foreach (var f in CsvFile.Read(reader, Contract, source, excluded))
        {
            var reference = f.Reference();
            var child = f.Reference("child_reference");
            var reported = f.RequiredTime("reported_at");
            var risk = f.Required<RiskLevel>("risk", RiskLevels.TryParse, "one of very_low, low, medium, high");
            var attended = f.OptionalTime("attended_at", (reported, "reported_at"));
            var found = f.OptionalTime("found_at", (reported, "reported_at"));
            var prevention = f.OptionalTime("prevention_interview_at", (found, "found_at"));
            var offered = f.OptionalTime("return_interview_offered_at", (found, "found_at"));
            var school = f.OptionalTime("school_contacted_at", (reported, "reported_at"));
            var district = f.Text("district");
            yield return f.Errors.Count > 0
                ? new MissingCsvRow(f.Line, reference, null, f.Errors)
                : new MissingCsvRow(f.Line, reference,
                    new EpisodeFacts(child!, reported!.Value, risk!.Value, risk.Value, attended, found, prevention, offered, school, district), []);
        }
    }
}
