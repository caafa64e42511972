using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

public sealed record CoordinatorRow(
    string Reference, string ChildReference, bool RepeatMissing, string Risk, Instant ReportedAt, string? District, bool Attended,
    Instant? ReviewWarningAt, Instant? ReviewDueAt, string ReviewState, string AttendanceState);

public sealed record CoordinatorView(Instant Now, IReadOnlyList<CoordinatorRow> Rows, int Total);

/// <summary>The missing-person coordinator's board: children still missing, highest risk first, then by the next review.</summary>
public sealed class CoordinatorBoard(AppDbContext db, MissingPolicy policy, IClock clock)
{
    public const int Limit = 500;

    public async Task<CoordinatorView> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var open = db.MissingEpisodes.AsNoTracking().Where(m => m.FoundAt == null);
        var total = await open.CountAsync(cancellationToken);
        var rows = await open.OrderByDescending(m => m.CurrentRisk).ThenBy(m => m.NextReviewDueAt).ThenBy(m => m.ReportedAt).Take(Limit)
            .Join(db.Children, m => m.ChildId, c => c.Id, (m, c) => new { Episode = m, Child = c })
            .ToListAsync(cancellationToken);
        var view = new List<CoordinatorRow>(rows.Count);
        foreach (var row in rows)
        {
            var state = EpisodeProjection.State(row.Episode, row.Child.Reference);
            var clocks = EpisodeHistory.Clocks(state, policy);
            var review = clocks.FirstOrDefault(c => c.Kind == ClockKind.MissingReview);
            var attendance = clocks.FirstOrDefault(c => c.Kind == ClockKind.MissingAttendance);
            view.Add(new CoordinatorRow(row.Episode.Reference, row.Child.Reference, row.Child.RepeatMissingSince is not null, state.Facts.CurrentRisk.Name(),
                state.Facts.ReportedAt, state.Facts.District, state.Facts.AttendedAt is not null, review?.WarningAt, review?.Due,
                review is null ? "none" : ClockStates.Name(review.Evaluate(now)), attendance is null ? "none" : ClockStates.Name(attendance.Evaluate(now))));
        }
        return new CoordinatorView(now, view, total);
    }
}
