using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Incidents;
using Safeguard.Domain.Incidents;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Board;

/// <summary>The control-room board: open incidents awaiting attendance by time left, updated live.</summary>
[Authorize(Policy = Policies.WatchBoard)]
public sealed class IndexModel(ControlRoomBoard board) : PageModel
{
    public BoardView View { get; private set; } = null!;
    public string? District { get; private set; }
    public string? Grade { get; private set; }

    public async Task OnGetAsync(string? district, string? grade, CancellationToken ct) => await LoadAsync(district, grade, ct);

    /// <summary>Just the rows, for the live update.</summary>
    public async Task<IActionResult> OnGetRowsAsync(string? district, string? grade, CancellationToken ct)
    {
        await LoadAsync(district, grade, ct);
        return Partial("_BoardRows", this);
    }

    private async Task LoadAsync(string? district, string? grade, CancellationToken ct)
    {
        District = string.IsNullOrWhiteSpace(district) ? null : district;
        Grade = Grades.TryParse(grade, out var g) ? g.Name() : null;
        View = await board.ReadAsync(District, Grade is null ? null : g, ct);
    }

    public static string TimeLeft(Instant due, Instant now)
    {
        var left = due - now;
        var abs = left < Duration.Zero ? -left : left;
        var text = abs >= Duration.FromHours(1)
            ? $"{(int)abs.TotalHours}h {abs.Minutes:D2}m"
            : $"{abs.Minutes}m {abs.Seconds:D2}s";
        return left < Duration.Zero ? "overdue by " + text : text;
    }

    public static string StateWords(string state) => state switch
    {
        "warning" => "Due soon",
        "breached" => "Overdue",
        "paused" => "Paused",
        _ => "On time",
    };

    public static string StateTag(string state) => state switch
    {
        "warning" => "govuk-tag govuk-tag--orange",
        "breached" => "govuk-tag govuk-tag--red",
        "paused" => "govuk-tag govuk-tag--grey",
        _ => "govuk-tag govuk-tag--green",
    };
}
