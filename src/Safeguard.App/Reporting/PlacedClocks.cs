using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Reporting;

/// <summary>A ledger row with what the reports group and filter it by: its record's district and, for an incident, its grades and whether children are involved.</summary>
public sealed class PlacedClock
{
    public required Subjects.ClockRecord Clock { get; init; }

    /// <summary>The kind of record the clock is on, and its reference.</summary>
    public required string RecordKind { get; init; }
    public required string Reference { get; init; }
    public string? District { get; init; }
    public Grade? InitialGrade { get; init; }
    public Grade? CurrentGrade { get; init; }
    public bool ChildrenInvolved { get; init; }
}

public static class PlacedClocks
{
    /// <summary>Every clock with its record's district (an incident's or a missing episode's; notices have none) and grades.</summary>
    public static IQueryable<PlacedClock> Of(AppDbContext db) =>
        from c in db.Clocks.AsNoTracking()
        join s in db.Subjects on c.SubjectId equals s.Id
        join i in db.Incidents on c.SubjectId equals i.Id into incidents
        from i in incidents.DefaultIfEmpty()
        join m in db.MissingEpisodes on c.SubjectId equals m.Id into episodes
        from m in episodes.DefaultIfEmpty()
        select new PlacedClock
        {
            Clock = c,
            RecordKind = s.Kind,
            Reference = s.Reference,
            District = i != null ? i.District : m != null ? m.District : null,
            InitialGrade = i != null ? i.InitialGrade : null,
            CurrentGrade = i != null ? i.CurrentGrade : null,
            ChildrenInvolved = i != null && i.ChildrenInvolved,
        };
}
