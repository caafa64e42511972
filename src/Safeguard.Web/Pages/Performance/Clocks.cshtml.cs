using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Reporting;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Performance;

/// <summary>The clocks behind a clock section's figure that missed the target (late, or not done and past due), oldest first.</summary>
[Authorize(Policy = Policies.ReadPerformance)]
[AuditedList("clock")]
public sealed class ClocksModel(BuildPerformanceReport reports) : PageModel, IShowsErrors
{
    public App.Subjects.Paged<ClockException> Found { get; private set; } = new([], 0, 1, App.Subjects.PageRequest.DefaultSize);
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public string? Section { get; private set; }
    public string? District { get; private set; }
    public string? Month { get; private set; }
    public string Title => BuildPerformanceReport.ClockSections.FirstOrDefault(s => s.Section == Section).Title ?? "Clocks";

    public async Task OnGetAsync(string? section, string? from, string? to, string? district, string? month, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int? page,
        CancellationToken ct)
    {
        if (Read(section, from, to, district, month) is not { } asked) return;
        try
        {
            Found = await reports.ClockExceptionsAsync(asked.Period, section, district, asked.Month, App.Subjects.PageRequest.Of(page, null), ct);
        }
        catch (App.InputException e)
        {
            Refuse(e.Errors);
        }
    }

    /// <summary>Every clock of the drill-down (not one page) as CSV, for a spreadsheet.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetCsvAsync(string? section, string? from, string? to, string? district, string? month, CancellationToken ct)
    {
        if (Read(section, from, to, district, month) is not { } asked) return Page();
        try
        {
            var stream = await App.Imports.CsvFile.ExportAsync(reports.ClockExceptions(asked.Period, section, district, asked.Month, ct),
                ["kind", "reference", "district", "start", "due", "stopped", "state"],
                r => [r.Kind, r.Reference, r.District, InstantPattern.ExtendedIso.Format(r.Start), InstantPattern.ExtendedIso.Format(r.Due),
                    r.StoppedAt is { } s ? InstantPattern.ExtendedIso.Format(s) : null, r.State], ct);
            return File(stream, "text/csv; charset=utf-8", $"{section}-{From}-to-{To}.csv");
        }
        catch (App.InputException e)
        {
            Refuse(e.Errors);
            return Page();
        }
    }

    private (Domain.Time.ReportPeriod Period, YearMonth? Month)? Read(string? section, string? from, string? to, string? district, string? month)
    {
        (Section, From, To, District, Month) = (section, from ?? "", to ?? "", district, month);
        var errors = new Dictionary<string, string[]>();
        if (Web.Reporting.DrillDowns.Read(from, to, month, reports.Zone, errors) is { } asked) return asked;
        Refuse(errors);
        return null;
    }

    private void Refuse(IDictionary<string, string[]> errors)
    {
        foreach (var (k, v) in errors) Errors[k] = v;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    public static string Outcome(ClockException row) => row.StoppedAt is { } stopped
        ? $"Late by {Domain.Clocks.ClockStates.Length(stopped - row.Due)}"
        : "Not done";
}
