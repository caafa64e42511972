using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Audit;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Admin;

/// <summary>
/// The auditor's view of the s.62 log: entries by person, by record and by period, newest first, and the same as a CSV
/// file. The search is posted, never put in the address: it may hold a person's email. Each search is itself logged.
/// </summary>
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditModel(AuditTrail trail, Domain.Clocks.SafeguardPolicy policy) : FormPage
{
    public const string AuditSubject = "audit";

    public static IReadOnlyList<string> Kinds { get; } = [App.Records.Child, App.Records.Notice, App.Records.Incident, App.Records.Missing, AuditTrail.ImportSubject, "page"];

    public App.Subjects.Paged<AuditView>? Found { get; private set; }

    [BindProperty] public string? Who { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Action { get; set; }
    [BindProperty(Name = "from")] public When From { get; set; } = new();
    [BindProperty(Name = "to")] public When To { get; set; } = new();
    [BindProperty(Name = "Page")] public int PageNumber { get; set; } = 1;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Read() is not { } search) return Shown();
        Found = await trail.SearchAsync(search, App.Subjects.PageRequest.Of(PageNumber, 50), ct);
        await AuditAsync(AuditAction.Consultation, AuditSubject, "(list)");
        return Page();
    }

    /// <summary>Every entry the search finds, oldest first, as CSV (cells that a spreadsheet would run as a formula are escaped).</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        if (Read() is not { } search) return Shown();
        await AuditAsync(AuditAction.Consultation, AuditSubject, "(export)");
        var stream = await App.Imports.CsvFile.ExportAsync(trail.ExportAsync(search, ct), ["sequence", "at", "who", "action", "subject", "reference", "justification"],
            e => [e.Sequence.ToString(CultureInfo.InvariantCulture), InstantPattern.ExtendedIso.Format(e.At), e.Who, e.Action, e.Subject, e.Reference, e.Justification], ct);
        return File(stream, "text/csv; charset=utf-8", "s62-log.csv");
    }

    private PageResult Shown()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The search as given, or null with the errors to show.</summary>
    private AuditSearch? Read()
    {
        var zone = policy.Zone;
        var errors = new Dictionary<string, string[]>();
        var (first, last) = When.ReadDays(From, "from", To, "to", errors);
        // The period runs from the start of its first day to the end of its last, in UK time.
        Instant? from = first?.AtStartOfDayInZone(zone).ToInstant(), to = last?.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        Errors = errors;
        AuditAction? action = null;
        if (!string.IsNullOrWhiteSpace(Action))
        {
            if (Enum.TryParse<AuditAction>(Action, ignoreCase: false, out var a)) action = a;
            else Errors["action"] = ["Select what was done from the list"];
        }
        if (Kind is { Length: > 0 } kind && !Kinds.Contains(kind)) Errors["kind"] = ["Select the kind of record from the list"];
        string? reference = null;
        if (!string.IsNullOrWhiteSpace(Reference))
        {
            (reference, var problem) = App.References.Normalise(Reference);
            if (reference is null && !Reference.Trim().StartsWith('(')) Errors["reference"] = [$"The reference {problem}"];
            reference ??= Reference.Trim();
        }
        if (Who is { Length: > 256 } || App.Input.HasControlCharacter(Who)) Errors["who"] = ["A name is at most 256 characters"];
        return Errors.Count > 0 ? null : new AuditSearch(App.Input.Blank(Who), App.Input.Blank(Kind), reference, action, from, to);
    }
}
