using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

public sealed record BoardRow(
    string Reference, Instant CreatedAt, string Grade, bool ChildrenInvolved, string? District, string? Category,
    Instant WarningAt, Instant DueAt, string State, bool Reassessed, bool CallerTold);

public sealed record BoardView(Instant Now, IReadOnlyList<BoardRow> Rows, int Total, IReadOnlyList<string> Districts);

/// <summary>
/// The control-room board: open incidents still awaiting attendance, most urgent first, with their clock's state at
/// "now". <see cref="LatestChangeAsync"/> is a watermark that moves whenever any incident gains an event.
/// </summary>
public sealed class ControlRoomBoard(AppDbContext db, Clocks.PolicyVersions policies, IClock clock)
{
    public const int Limit = 500;

    public async Task<BoardView> ReadAsync(string? district, Grade? grade, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var open = db.Incidents.AsNoTracking().Where(i => i.ClosedAt == null && i.ArrivedAt == null && i.AttendanceDueAt != null);
        var districts = await open.Where(i => i.District != null).Select(i => i.District!).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(district)) open = open.Where(i => i.District == district);
        if (grade is { } g) open = open.Where(i => i.CurrentGrade == g);
        var total = await open.CountAsync(cancellationToken);
        var incidents = await open.OrderBy(i => i.AttendanceDueAt).ThenBy(i => i.Reference).Take(Limit).ToListAsync(cancellationToken);
        var rows = new List<BoardRow>(incidents.Count);
        foreach (var incident in incidents)
        {
            if (IncidentHistory.AttendanceClock(incident.ToFacts(), policies.For(db, incident)) is not { } attendance) continue;
            rows.Add(new BoardRow(incident.Reference, incident.CreatedAt, incident.CurrentGrade.Name(), incident.ChildrenInvolved,
                incident.District, incident.Category, attendance.WarningAt, attendance.Due, ClockStates.Name(attendance.Evaluate(now)),
                incident.ReassessedAt is not null, incident.CallerToldAt is not null));
        }
        return new BoardView(now, rows, total, districts);
    }

    /// <summary>A watermark of every board's data: the newest incident, missing-episode and notice events.</summary>
    public async Task<(long? Incidents, long? Episodes, long? Notices)> LatestChangeAsync(CancellationToken cancellationToken = default) =>
        (await db.IncidentEvents.MaxAsync(e => (long?)e.Id, cancellationToken), await db.MissingEpisodeEvents.MaxAsync(e => (long?)e.Id, cancellationToken),
            await db.NoticeEvents.MaxAsync(e => (long?)e.Id, cancellationToken));
}
