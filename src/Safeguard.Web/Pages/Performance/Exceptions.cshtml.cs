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
        (From, To, District, Month) = (from ?? "", to ?? "", district, month);
        YearMonth? ym = null;
        if (!string.IsNullOrEmpty(month))
        {
            var parsed = YearMonthPattern.Iso.Parse(month);
            if (!parsed.Success) Error = "month must be written yyyy-MM";
            else ym = parsed.Value;
        }
        if (!ReportPeriods.TryParse(from, to, reports.Zone, out var period, out var error)) Error = error;
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Found = await reports.ExceptionsAsync(period, district, ym, App.Subjects.PageRequest.Of(page, null), ct);
    }

    public string Outcome(AttendanceException row) => row.Outcome switch
    {
        AttendanceOutcome.Late => $"Late by {Math.Round((row.ArrivedAt!.Value - row.CreatedAt - policy.Attendance.Priority).TotalMinutes, 1)} minutes",
        AttendanceOutcome.NotAttended => "Not attended",
        AttendanceOutcome.WithinTarget => "Within target",
        AttendanceOutcome.Pending => "Not yet due",
    };
}
