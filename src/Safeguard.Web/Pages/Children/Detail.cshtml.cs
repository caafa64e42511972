using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Missing;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

public sealed record ChildEpisode(string Reference, Instant ReportedAt, RiskLevel Risk, Instant? FoundAt, Instant? ReturnInterviewOfferedAt);

/// <summary>A child's record as far as it goes so far: the missing episodes, newest first, and the repeat-missing flag.</summary>
[Authorize(Policy = Policies.ReadMissing)]
public sealed class DetailModel(AppDbContext db) : PageModel
{
    public string Reference { get; private set; } = "";
    public Instant? RepeatMissingSince { get; private set; }
    public IReadOnlyList<ChildEpisode> Episodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == reference, ct);
        if (child is null) return NotFound();
        (Reference, RepeatMissingSince) = (child.Reference, child.RepeatMissingSince);
        Episodes = await db.MissingEpisodes.AsNoTracking().Where(m => m.ChildId == child.Id).OrderByDescending(m => m.ReportedAt)
            .Select(m => new ChildEpisode(m.Reference, m.ReportedAt, m.RiskAtReport, m.FoundAt, m.ReturnInterviewOfferedAt)).ToListAsync(ct);
        return Page();
    }
}
