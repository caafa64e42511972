using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Reporting;
using Safeguard.Domain.Reporting;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Performance;

/// <summary>The late and unattended incidents behind a figure on the Performance page.</summary>
[Authorize(Policy = Policies.ReadPerformance)]
[AuditedList(App.Records.Incident)]
public sealed class ExceptionsModel(BuildPerformanceReport reports, Domain.Clocks.SafeguardPolicy policy) : PageModel
{
    public App.Subjects.Paged<AttendanceException> Found { get; private set; } = new([], 0, 1, App.Subjects.PageRequest.DefaultSize);
    public string? Error { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public string? District { get; private set; }
    public string? Month { get; private set; }

    public async Task OnGetAsync(string? from, string? to, string? district, string? month, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        if (Read(from, to, district, month) is not { } asked) return;
        Found = await reports.ExceptionsAsync(asked.Period, district, asked.Month, App.Subjects.PageRequest.Of(page, null), ct);
    }

    /// <summary>Every incident of the drill-down (not one page) as CSV, for a spreadsheet.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetCsvAsync(string? from, string? to, string? district, string? month, CancellationToken ct)
    {
        if (Read(from, to, district, month) is not { } asked) return Page();
        var stream = await App.Imports.CsvFile.ExportAsync(reports.Exceptions(asked.Period, district, asked.Month, ct),
            ["reference", "created_at", "district", "arrived_at", "outcome"],
            r => [r.Reference, InstantPattern.ExtendedIso.Format(r.CreatedAt), r.District, r.ArrivedAt is { } a ? InstantPattern.ExtendedIso.Format(a) : null, Outcome(r)], ct);
        return File(stream, "text/csv; charset=utf-8", $"attendance-{From}-to-{To}.csv");
    }

    private (Domain.Time.ReportPeriod Period, YearMonth? Month)? Read(string? from, string? to, string? district, string? month)
    {
        (From, To, District, Month) = (from ?? "", to ?? "", district, month);
        var errors = new Dictionary<string, string[]>();
        if (Web.Reporting.DrillDowns.Read(from, to, month, reports.Zone, errors) is { } asked) return asked;
        Error = errors.Values.First()[0];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return null;
    }

    public string Outcome(AttendanceException row) => row.Outcome switch
    {
        AttendanceOutcome.Late => $"Late by {Math.Round((row.ArrivedAt!.Value - row.CreatedAt - policy.Attendance.Priority).TotalMinutes, 1)} minutes",
        AttendanceOutcome.NotAttended => "Not attended",
        AttendanceOutcome.WithinTarget => "Within target",
        AttendanceOutcome.Pending => "Not yet due",
    };
}
