using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.App.Reporting;
using Safeguard.Domain.Time;
using Safeguard.Web.Access;
using Safeguard.Web.Hosting;

namespace Safeguard.Web.Pages.Inspection.Pack;

/// <summary>
/// The pack for a period as the printable page (its own document, marked, with its style let in by hash), the workbook or
/// the PDF printed from the page. Each lists references, so each is logged as a consultation of the list in the s.62 log.
/// </summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class PackPrintModel(InspectionPack packs) : PageModel
{
    public const string PackList = "pack";

    public static ReportPeriod Period(InspectionPack packs, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var f = Input.Day(from, "from", "Enter the first day of the period", errors);
        var t = Input.Day(to, "to", "Enter the day after the last day of the period", errors);
        if (f is not null && t is not null && t <= f) errors["to"] = ["The day after the last day must be after the first day"];
        Input.ThrowIfAny(errors);
        if (!ReportPeriods.TryParse(from, to, packs.Zone, out var period, out var problem)) throw InputException.For("from", problem!);
        return period;
    }

    public Task<IActionResult> OnGetAsync(string? from, string? to, CancellationToken ct) => Answer(from, to, async contents =>
    {
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingStyle(PackDocument.StyleHash);
        return Content(PackDocument.Html(contents), "text/html; charset=utf-8");
    }, ct);

    public Task<IActionResult> OnGetXlsxAsync(string? from, string? to, CancellationToken ct) => Answer(from, to, contents =>
    {
        var stream = new MemoryStream();
        PackWorkbook.Write(contents, stream);
        return Task.FromResult<IActionResult>(File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName(contents, "xlsx")));
    }, ct);

    public Task<IActionResult> OnGetPdfAsync(string? from, string? to, CancellationToken ct) => Answer(from, to, async contents =>
        File(await PackPdf.PrintAsync(PackDocument.Html(contents), contents.Marking, packs.Options.Chromium, ct), "application/pdf", FileName(contents, "pdf")), ct);

    private async Task<IActionResult> Answer(string? from, string? to, Func<PackContents, Task<IActionResult>> answer, CancellationToken ct)
    {
        ReportPeriod period;
        try
        {
            period = Period(packs, from, to);
        }
        catch (InputException e)
        {
            return BadRequest(new ValidationProblemDetails(e.Errors));
        }
        var contents = await packs.GatherAsync(period, User.Author(), ct);
        // The pack lists the references behind every figure: each page, workbook and PDF is a consultation of that list.
        await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, PackList, "(list)",
            $"Inspection/Pack/Print {Request.Query["handler"].FirstOrDefault() ?? "page"} from={period.From:yyyy-MM-dd} to={period.To:yyyy-MM-dd}");
        return await answer(contents);
    }

    private static string FileName(PackContents contents, string extension) =>
        $"inspection-pack-{contents.Period.From:yyyy-MM-dd}-to-{contents.Period.To.PlusDays(-1):yyyy-MM-dd}.{extension}";
}
