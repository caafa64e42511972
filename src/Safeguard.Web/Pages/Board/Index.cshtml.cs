using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Incidents;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Board;

/// <summary>The control-room board: open incidents awaiting attendance by time left, updated live.</summary>
[Authorize(Policy = Policies.WatchBoard)]
[AuditedList(App.Records.Incident)]
public sealed class IndexModel(ControlRoomBoard board, IAuthorizationService authorization, NodaTime.IClock clock) : PageModel
{
    public BoardView View { get; private set; } = null!;
    public string? District { get; private set; }
    public string? Grade { get; private set; }

    /// <summary>Whether the delayed-attendance prompts are shown: only to those who can reassess or tell the caller.</summary>
    public bool CanPrompt { get; private set; }

    public async Task OnGetAsync(string? district, string? grade, [FromQuery(Name = "page")] int? page, CancellationToken ct) => await LoadAsync(district, grade, page, withDistricts: true, ct);

    /// <summary>Every open incident under the filters (not one page) as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(string? district, string? grade, CancellationToken ct)
    {
        var only = Grades.TryParse(grade, out var g) ? g : (Grade?)null;
        var inDistrict = string.IsNullOrWhiteSpace(district) ? null : district;
        var now = clock.GetCurrentInstant(); // every page read at one instant, so no row moves between groups mid-download
        return ListDownloads.CsvAsync(this, "board.csv", async p => (await board.ReadAsync(inDistrict, only, p, withDistricts: false, at: now, cancellationToken: ct)).Page,
            ["reference", "group", "state", "due_at", "grade", "children_involved", "district", "created_at", "reassessed_at", "caller_told_at"],
            r => [r.Reference, Domain.Clocks.BoardGroups.Heading(r.Group), .. ListDownloads.Clock(r.Clock), r.Grade, r.ChildrenInvolved ? "yes" : "no", r.District,
                ListDownloads.At(r.CreatedAt), ListDownloads.At(r.ReassessedAt), ListDownloads.At(r.CallerToldAt)], ct);
    }

    /// <summary>Just the rows, for the live update.</summary>
    public async Task<IActionResult> OnGetRowsAsync(string? district, string? grade, [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        await LoadAsync(district, grade, page, withDistricts: false, ct);
        return Partial("_BoardRows", this);
    }

    private async Task LoadAsync(string? district, string? grade, int? page, bool withDistricts, CancellationToken ct)
    {
        District = string.IsNullOrWhiteSpace(district) ? null : district;
        Grade = Grades.TryParse(grade, out var g) ? g.Name() : null;
        CanPrompt = await authorization.MayAsync(User, Policies.WriteIncidents);
        View = await board.ReadAsync(District, Grade is null ? null : g, PageRequest.Of(page, null), withDistricts, cancellationToken: ct);
    }
}
