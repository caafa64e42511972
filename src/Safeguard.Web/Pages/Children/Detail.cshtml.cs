using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Children;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

/// <summary>A child's record: its flags and the chronology of every notice, missing episode and linked incident.</summary>
[Authorize(Policy = Policies.ReadChildren)]
public sealed class DetailModel(ChildChronology chronology) : PageModel
{
    public ChildRecordView Record { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await chronology.ReadAsync(reference, ct) is not { } record) return NotFound();
        Record = record;
        return Page();
    }
}
