using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Audits;

/// <summary>
/// One sampled case: the auditor answers each question of the rubric with the evidence seen and grades the case with
/// the reasons; then a second auditor moderates it. The record itself is read on its own page (under its own policy);
/// opening this page is a consultation of the record in the s.62 log, since the evidence notes are about it.
/// </summary>
[Authorize(Policy = Policies.AuditCases)]
public sealed class CaseModel(CaseAudits audits) : FormPage
{
    public AuditedCase Case { get; private set; } = null!;
    public IReadOnlyList<RubricQuestion> Rubric => audits.Rubric;
    public string? Saved { get; private set; }

    public IReadOnlyList<(string Key, string Words)> Ratings { get; } = [.. Domain.Inspection.CaseGrades.Ratings.Select(r => (Domain.Inspection.CaseGrades.Key(r), Domain.Inspection.CaseGrades.Words(r)))];

    public IReadOnlyList<(string Key, string Words)> Grades { get; } = [.. Domain.Inspection.CaseGrades.All.Select(g => (Domain.Inspection.CaseGrades.Key(g), Domain.Inspection.CaseGrades.Title(g)))];

    /// <summary>What the form shows for each field: what was typed (after an error) or what was saved.</summary>
    public string? Typed(string field) => Request.HasFormContentType && Request.Form.ContainsKey(field) ? Request.Form[field].FirstOrDefault() : Recorded(field);

    public async Task<IActionResult> OnGetAsync(long id, string? saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(long id, int version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var answers = audits.Rubric.ToDictionary(q => q.Key, q => (Request.Form["rating-" + q.Key].FirstOrDefault(), Request.Form["evidence-" + q.Key].FirstOrDefault()));
        return await Collect(() => audits.RecordAsync(id, version, answers, Request.Form["grade"], Request.Form["reasons"], User.Author(), ct), "audit", ct);
    }

    public async Task<IActionResult> OnPostModerateAsync(long id, int version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        return await Collect(() => audits.ModerateAsync(id, version, Request.Form["moderated-grade"], Request.Form["moderation-note"], User.Author(), ct), "moderation", ct);
    }

    /// <summary>
    /// Saves what the auditor wrote about the record and logs it in the s.62 log as a collection about that record; a
    /// refusal by rule is said beside the case's status, where the page always has it.
    /// </summary>
    private Task<IActionResult> Collect(Func<Task> write, string saved, CancellationToken ct)
    {
        var (id, kind, reference) = (Case.Id, Case.Kind, Case.Reference);
        return SubmitAsync(async () =>
            {
                await write();
                await AuditAsync(AuditAction.Collection, kind, reference);
            }, (AuditAction.Collection, kind), "status", new { id, saved }, async () => await LoadAsync(id, ct) ?? Page());
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        try
        {
            Case = await audits.CaseAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (Request.Method == HttpMethods.Get) await AuditAsync(AuditAction.Consultation, Case.Kind, Case.Reference);
        return null;
    }

    private string? Recorded(string field)
    {
        if (field == "grade") return Case.Grade is { } g ? Domain.Inspection.CaseGrades.Key(g) : null;
        if (field == "reasons") return Case.Reasons;
        var answer = Case.Answers.FirstOrDefault(a => field == "rating-" + a.Key || field == "evidence-" + a.Key);
        if (answer is null) return null;
        return field.StartsWith("rating-", StringComparison.Ordinal) ? Domain.Inspection.CaseGrades.Key(answer.Rating) : answer.Evidence;
    }
}
