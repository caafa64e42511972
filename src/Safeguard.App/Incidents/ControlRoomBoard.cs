using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

public sealed record BoardRow(
    string Reference, Instant CreatedAt, string Grade, bool ChildrenInvolved, string? District, string? Category, ClockView Clock, Instant? ReassessedAt, Instant? CallerToldAt,
    BoardGroup Group)
{
    public bool Reassessed => ReassessedAt is not null;
    public bool CallerTold => CallerToldAt is not null;
}

/// <summary>A page of the board, with how many open incidents (under the filter) stand in each group.</summary>
public sealed record BoardView(Instant Now, Paged<BoardRow> Page, IReadOnlyList<string> Districts, IReadOnlyDictionary<BoardGroup, int> Groups);

/// <summary>
/// The control-room board, read from the ledger: every incident whose attendance clock is open, most urgent first.
/// <see cref="LatestChangeAsync"/> is a watermark that moves whenever any subject gains an event.
/// </summary>
public sealed class ControlRoomBoard(AppDbContext db, IClock clock)
{
    /// <param name="district">Only this district's incidents.</param>
    /// <param name="grade">Only this grade's incidents.</param>
    /// <param name="page">Which page of them.</param>
    /// <param name="withDistricts">Whether to list the districts with open incidents (for the filter; the live update needs only rows).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="at">The instant the board is read at: now, unless a download reads every page at one instant.</param>
    public async Task<BoardView> ReadAsync(string? district, Grade? grade, PageRequest page, bool withDistricts = true, Instant? at = null,
        CancellationToken cancellationToken = default)
    {
        var now = at ?? clock.GetCurrentInstant();
        var open = from c in db.Clocks.AsNoTracking()
                   where c.Kind == ClockKind.Attendance && c.State == ClockRecord.Open
                   join i in db.Incidents on c.SubjectId equals i.Id
                   select new { Clock = c, Incident = i };
        var districts = withDistricts
            ? await open.Where(x => x.Incident.District != null).Select(x => x.Incident.District!).Distinct().OrderBy(d => d).ToListAsync(cancellationToken)
            : [];
        if (!string.IsNullOrEmpty(district)) open = open.Where(x => x.Incident.District == district);
        if (grade is { } g) open = open.Where(x => x.Incident.CurrentGrade == g);
        var groups = await open.CountByGroupAsync(x => x.Clock, now, cancellationToken);
        var total = groups.Values.Sum();
        page = page.Within(total);
        var rows = await open.OrderByGroup(x => x.Clock, now).ThenBy(x => x.Clock.DueAt).ThenBy(x => x.Incident.Reference).Skip(page.Skip).Take(page.Take)
            .ToListAsync(cancellationToken);
        return new BoardView(now, new Paged<BoardRow>(
            [.. rows.Select(x => new BoardRow(x.Incident.Reference, x.Incident.CreatedAt, x.Incident.CurrentGrade.Name(), x.Incident.ChildrenInvolved, x.Incident.District,
                x.Incident.Category, ClockView.Of(x.Clock, null, now), x.Incident.ReassessedAt, x.Incident.CallerToldAt,
                BoardGroups.Of(x.Clock.DueAt, x.Clock.WarningAt, now)))],
            total, page.Number, page.Take), districts, groups);
    }

    /// <summary>A watermark of every board's data: the newest event of any subject.</summary>
    public Task<long?> LatestChangeAsync(CancellationToken cancellationToken = default) => db.Events.MaxAsync(e => (long?)e.Id, cancellationToken);
}
