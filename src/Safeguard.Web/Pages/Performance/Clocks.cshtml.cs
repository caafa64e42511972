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
public sealed class ClocksModel(BuildPerformanceReport reports) : PageModel
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
        (Section, From, To, District, Month) = (section, from ?? "", to ?? "", district, month);
        var errors = new Dictionary<string, string[]>();
        YearMonth? ym = null;
        if (!string.IsNullOrEmpty(month))
        {
            var parsed = YearMonthPattern.Iso.Parse(month);
            if (parsed.Success) ym = parsed.Value;
            else errors["month"] = ["month must be written yyyy-MM"];
        }
        if (!ReportPeriods.TryParse(from, to, reports.Zone, out var period, out var error)) errors["period"] = [error!];
        try
        {
            if (errors.Count == 0) Found = await reports.ClockExceptionsAsync(period, section, district, ym, App.Subjects.PageRequest.Of(page, null), ct);
        }
        catch (App.InputException e)
        {
            foreach (var (k, v) in e.Errors) errors[k] = v;
        }
        Errors = errors;
        if (errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    public static string Outcome(ClockException row) => row.StoppedAt is { } stopped
        ? $"Late by {Domain.Clocks.ClockStates.Length(stopped - row.Due)}"
        : "Not done";
}
