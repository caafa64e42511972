using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App.Notices;

namespace Safeguard.Web.Pages.Admin;

/// <summary>For administrators: the list of partner agencies notices may be shared with; add one, rename or retire it.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class AgenciesModel(Agencies agencies) : FormPage
{
    public IReadOnlyList<AgencyView> List { get; private set; } = [];
    public string? Saved { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }

    public async Task OnGetAsync(string? saved, CancellationToken ct)
    {
        Saved = saved;
        List = await agencies.ListAsync(cancellationToken: ct);
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        ChangeAsync(() => agencies.AddAsync(Code, Name, ct), "code", "added", ct);

    public Task<IActionResult> OnPostRetireAsync(string code, CancellationToken ct) =>
        ChangeAsync(() => agencies.RetireAsync(code, ct), "agencies", "retired", ct);

    /// <summary>The list is not a record about a child: its changes are the administrators', kept in the list itself.</summary>
    private async Task<IActionResult> ChangeAsync(Func<Task<AgencyView>> change, string field, string saved, CancellationToken ct)
    {
        try
        {
            await change();
            return RedirectToPage(new { saved });
        }
        catch (App.InputException e)
        {
            Errors = e.Errors;
        }
        catch (App.RuleException e)
        {
            Errors = new Dictionary<string, string[]> { [field] = [e.Message] };
        }
        catch (App.NotFoundException)
        {
            return NotFound();
        }
        List = await agencies.ListAsync(cancellationToken: ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
