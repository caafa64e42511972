using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Incidents;

/// <summary>A child named on an incident: whether they were seen, and the flags those attending should know.</summary>
public sealed record IncidentChildView(string Reference, Instant? SeenAt, Children.ChildFlags Flags);

public sealed record IncidentView(
    string Reference, Instant CreatedAt, string InitialGrade, string CurrentGrade, bool ChildrenInvolved, string? District, string? Category,
    Instant? DispatchedAt, Instant? ArrivedAt, Instant? ClosedAt, Instant? ReassessedAt, Instant? CallerToldAt,
    IReadOnlyList<IncidentChildView> Children, IReadOnlyList<LinkedNotice> Notices, NoticeWaiver? NoticeNotNeeded,
    IReadOnlyList<ClockView> Clocks, IReadOnlyList<EventView> Events);

/// <summary>Reading one incident: its facts re-derived from its events, its clocks from the ledger, its history in words.</summary>
public sealed class IncidentQueries(AppDbContext db, IClock clock)
{
    public async Task<IncidentView> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Events).SingleOrDefaultAsync(i => i.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No incident has this reference.");
        var now = clock.GetCurrentInstant();
        var events = incident.Events.OrderBy(e => e.Sequence).Select(row => (Row: row, Event: EventCodec.Read(Records.Incident, row))).ToList();
        // The facts are re-derived from the events, so what is shown is what the history says.
        var facts = IncidentHistory.Project(events.Select(e => e.Event).OfType<IncidentEvent>());
        var clocks = await LedgerViews.OfSubjectAsync(db, incident.Id, now, cancellationToken);
        var named = facts.NamedChildren.Select(c => c.Reference).ToList();
        // A child named by a duplicate's reference is shown as the record it was merged into, with that record's flags.
        var children = await Children.ChildRecords.ResolveAsync(db, named, cancellationToken);
        return new IncidentView(incident.Reference, facts.CreatedAt, facts.InitialGrade.Name(), facts.CurrentGrade.Name(), facts.ChildrenInvolved,
            facts.District, facts.Category, facts.DispatchedAt, facts.ArrivedAt, facts.ClosedAt, facts.ReassessedAt, facts.CallerToldAt,
            [.. facts.NamedChildren.Select(c => children.TryGetValue(c.Reference, out var child)
                ? new IncidentChildView(child.Reference, c.SeenAt, Children.ChildFlags.Of(child))
                : new IncidentChildView(c.Reference, c.SeenAt, Children.ChildFlags.None))], facts.LinkedNotices, facts.NoticeNotNeeded, clocks,
            [.. events.Select(e => EventView.Of(e.Row, e.Event))]);
    }
}
