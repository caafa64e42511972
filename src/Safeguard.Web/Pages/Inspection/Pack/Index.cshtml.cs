using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.App.Inspection;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Inspection.Pack;

/// <summary>The inspection pack: choose the period, then read the printable page or download the workbook or the PDF.</summary>
[Authorize(Policy = Policies.ReadPerformance)]
public sealed class IndexModel(InspectionPack packs) : PageModel, IShowsErrors
{
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? From { get; private set; }
    public string? To { get; private set; }
    public bool Ready { get; private set; }
    public bool CanPrintPdf => System.IO.File.Exists(packs.Options.Chromium);

    public void OnGet(string? from, string? to)
    {
        (From, To) = (from, to);
        if (from is null && to is null) return;
        try
        {
            PackPrintModel.Period(packs, from, to);
            Ready = true;
        }
        catch (InputException e)
        {
            Errors = e.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
