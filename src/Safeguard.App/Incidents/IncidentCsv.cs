using Safeguard.App.Imports;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>One data row of an incident file: its facts, or why it is invalid. <see cref="Line"/> is where the row starts (the header is line 1).</summary>
public sealed record IncidentCsvRow(int Line, string? Reference, IncidentFacts? Facts, IReadOnlyList<string> Errors) : IImportRow
{
    public IEnumerable<(string Column, string Value)> Counted => Facts is not { } f ? [] :
        [("grade", f.InitialGrade.Name()), ("district", Counting.Word(f.District)), ("children_involved", Counting.Word(f.ChildrenInvolved))];
}

/// <summary>The incident file contract of DESIGN.md ("safeguard import incidents FILE") on the shared CSV rules.</summary>
public static class IncidentCsv
{
    /// <summary>The file's columns: those a row needs and those it may have.</summary>
    public static CsvContract Contract { get; } = new("incident", ["reference", "created_at", "grade", "children_involved"],
        ["district", "category", "dispatched_at", "arrived_at", "closed_at", "final_grade", "child_references", "notice_not_needed_at", "notice_not_needed_reason",
         "reassessed_at", "caller_told_at"]);
    private const string GradeValues = "one of emergency, immediate, priority, scheduled, resolution, 1-4";

    public static IEnumerable<IncidentCsvRow> Read(TextReader reader, CsvSource source, Action<string>? excluded = null)
    {
        foreach (var f in CsvFile.Read(reader, Contract, source, excluded))
        {
            var reference = f.Reference();
            var created = f.RequiredTime("created_at");
            var grade = f.Required<Grade>("grade", Grades.TryParse, GradeValues);
            var children = f.Required<bool>("children_involved", CsvFile.TryParseBool, "true/false, yes/no, y/n or 1/0");
            var dispatched = f.OptionalTime("dispatched_at", (created, "created_at"));
            var arrived = f.OptionalTime("arrived_at", (created, "created_at"));
            var closed = f.OptionalTime("closed_at", (created, "created_at"));
            var finalGrade = f.Optional<Grade>("final_grade", Grades.TryParse, GradeValues);
            var district = f.Text("district");
            var category = f.Text("category");
            var reassessed = f.OptionalTime("reassessed_at", (created, "created_at"));
            var told = f.OptionalTime("caller_told_at", (created, "created_at"));
            // A file without the column says nothing of the action: none recorded is then "not known", not "not done".
            var notInSource = (f.Has("reassessed_at") ? DelayActions.None : DelayActions.Reassessment) | (f.Has("caller_told_at") ? DelayActions.None : DelayActions.CallerUpdate);
            var named = f.References("child_references");
            if (named.Count > 0 && children == false) f.Errors.Add("child_references names children but children_involved is false");
            var waived = f.OptionalTime("notice_not_needed_at", (created, "created_at"));
            var why = f.Text("notice_not_needed_reason", IncidentNoticeNotNeeded.MaxReasonLength);
            if (f.Field("notice_not_needed_at") is not null && f.Field("notice_not_needed_reason") is null) f.Errors.Add("notice_not_needed_reason is missing (it is required with notice_not_needed_at)");
            if (f.Field("notice_not_needed_at") is null && f.Field("notice_not_needed_reason") is not null) f.Errors.Add("notice_not_needed_reason is given but notice_not_needed_at is empty");
            if (f.Field("notice_not_needed_at") is not null && children == false) f.Errors.Add("notice_not_needed_at is given but children_involved is false");
            yield return f.Errors.Count > 0
                ? new IncidentCsvRow(f.Line, reference, null, f.Errors)
                : new IncidentCsvRow(f.Line, reference,
                    new IncidentFacts(created!.Value, grade!.Value, finalGrade ?? grade.Value, children!.Value, district, category, dispatched, arrived, closed,
                        ReassessedAt: reassessed, CallerToldAt: told,
                        Children: [.. named.Select(r => new IncidentChild(r))],
                        NoticeNotNeeded: waived is { } w ? new NoticeWaiver(w, "", why!) : null,
                        NotInSource: notInSource), []);
        }
    }
}
