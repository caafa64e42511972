using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Incidents;

/// <summary>Incidents as subjects: the domain's fold, rules and obligations (<see cref="IncidentHistory"/>), and the projection.</summary>
public sealed class IncidentModel : SubjectModel<Incident, IncidentFacts>
{
    public override string Kind => Records.Incident;

    public override Incident New(string reference) => new() { Reference = reference };

    public override IQueryable<Incident> Including(IQueryable<Incident> subjects) => subjects.Include(i => i.Children);

    public override IncidentFacts Apply(IncidentFacts? state, SubjectEvent e) => IncidentHistory.Apply(state, (IncidentEvent)e);

    // A new incident is checked by the use case that creates it (its reference, its instant).
    public override RuleViolation? Check(IncidentFacts? state, SubjectEvent e, Instant now) => state is null ? null : IncidentHistory.Check(state, (IncidentEvent)e, now);

    public override IEnumerable<string> ChildrenOf(IncidentFacts state) => state.NamedChildren.Select(c => c.Reference);

    public override void Project(Incident incident, IncidentFacts facts, IReadOnlyDictionary<string, Child> children)
    {
        incident.CreatedAt = facts.CreatedAt;
        incident.InitialGrade = facts.InitialGrade;
        incident.CurrentGrade = facts.CurrentGrade;
        incident.ChildrenInvolved = facts.ChildrenInvolved;
        incident.District = facts.District;
        incident.Category = facts.Category;
        incident.DispatchedAt = facts.DispatchedAt;
        incident.ArrivedAt = facts.ArrivedAt;
        incident.ClosedAt = facts.ClosedAt;
        incident.ReassessedAt = facts.ReassessedAt;
        incident.CallerToldAt = facts.CallerToldAt;
        incident.NotInSource = facts.NotInSource;
        var projected = new HashSet<IncidentChildLink>();
        for (var i = 0; i < facts.NamedChildren.Count; i++)
        {
            var named = facts.NamedChildren[i];
            var child = children[named.Reference];
            var link = incident.Children.FirstOrDefault(l => ReferenceEquals(l.Child, child) || (child.Id != 0 && l.ChildId == child.Id));
            if (link is null) incident.Children.Add(link = new IncidentChildLink { Child = child });
            // A child named twice (a duplicate's reference merged into theirs) is one link: first place, earliest sighting.
            if (!projected.Add(link))
            {
                if (named.SeenAt is { } seen && (link.SeenAt is null || seen < link.SeenAt)) link.SeenAt = seen;
                continue;
            }
            (link.Position, link.SeenAt) = (i, named.SeenAt);
        }
    }

    /// <summary>
    /// The facts the projection holds, as <see cref="Project"/> wrote them, for the incidents named (their named children
    /// by the references they are kept under, in order): enough to tell whether a file changes an incident without
    /// reading its history. Not held there: a reason no notice is needed, and the notices.
    /// </summary>
    public static async Task<Dictionary<string, IncidentFacts>> ProjectedAsync(Data.AppDbContext db, IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.AsNoTracking().Where(i => references.Contains(i.Reference)).ToListAsync(cancellationToken);
        // The links in a query of their own, by the incidents' keys: joined in one query, SQLite reads every link of every
        // incident first (a second a batch at a million incidents).
        var ids = incidents.Select(i => i.Id).ToList();
        var links = (await db.Set<IncidentChildLink>().AsNoTracking().Where(l => ids.Contains(l.IncidentId))
                .Join(db.Children, l => l.ChildId, c => c.Id, (l, c) => new { l.IncidentId, l.Position, c.Reference }).ToListAsync(cancellationToken))
            .ToLookup(l => l.IncidentId);
        return incidents.ToDictionary(i => i.Reference, i => new IncidentFacts(i.CreatedAt, i.InitialGrade, i.CurrentGrade,
            i.ChildrenInvolved, i.District, i.Category, i.DispatchedAt, i.ArrivedAt, i.ClosedAt, i.ReassessedAt, i.CallerToldAt,
            Children: [.. links[i.Id].OrderBy(l => l.Position).Select(l => new IncidentChild(l.Reference))], NotInSource: i.NotInSource), StringComparer.Ordinal);
    }

    public override IReadOnlyList<Obligation> Obligations(Incident incident, IncidentFacts facts, SafeguardPolicy policy) => IncidentHistory.Obligations(facts, policy);
}
