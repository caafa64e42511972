using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>An incident's current facts: the projection of its events (<see cref="IncidentModel"/>), rewritten only with the event that changed them.</summary>
public sealed class Incident() : Subject(Records.Incident)
{
    public Instant CreatedAt { get; set; }
    public Grade InitialGrade { get; set; }
    public Grade CurrentGrade { get; set; }
    public bool ChildrenInvolved { get; set; }
    public string? District { get; set; }
    public string? Category { get; set; }
    public Instant? DispatchedAt { get; set; }
    public Instant? ArrivedAt { get; set; }
    public Instant? ClosedAt { get; set; }
    public Instant? ReassessedAt { get; set; }
    public Instant? CallerToldAt { get; set; }

    /// <summary>The delay actions the incident's source does not record (<see cref="IncidentFacts.NotInSource"/>).</summary>
    public DelayActions NotInSource { get; set; }

    /// <summary>The children named on the incident, in the order they were named.</summary>
    public List<IncidentChildLink> Children { get; set; } = [];
}

/// <summary>A child named on an incident (projected from its events), so a child's record finds its incidents by index.</summary>
public sealed class IncidentChildLink
{
    public long IncidentId { get; set; }
    public long ChildId { get; set; }
    public Children.Child Child { get; set; } = null!;
    public int Position { get; set; }
    public Instant? SeenAt { get; set; }
}

public static class IncidentSelections
{
    /// <summary>
    /// Incidents involving children created in <c>[start, end)</c>, by the index on (ChildrenInvolved, CreatedAt). The
    /// flag is compared with a parameter, not written as the bare column: SQLite uses an index only for a term it can
    /// compare (<c>ChildrenInvolved = ?</c>), EF writes <c>== true</c> as the bare column, and that made every report
    /// and audit sample scan every incident ever stored.
    /// </summary>
    public static IQueryable<Incident> ChildInvolvedCreatedIn(this IQueryable<Incident> incidents, Instant start, Instant end)
    {
        var involved = true;
        return incidents.Where(i => i.ChildrenInvolved == involved && i.CreatedAt >= start && i.CreatedAt < end);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> e)
    {
        e.ToTable("incidents");
        e.Property(i => i.District).HasMaxLength(Imports.CsvFile.MaxTextLength);
        e.Property(i => i.Category).HasMaxLength(Imports.CsvFile.MaxTextLength);
        e.Property(i => i.InitialGrade).HasConversion<int>();
        e.Property(i => i.CurrentGrade).HasConversion<int>();
        e.Property(i => i.NotInSource).HasConversion<int>();
        // The report reads child-involved incidents by creation instant.
        e.HasIndex(i => new { i.ChildrenInvolved, i.CreatedAt });
        e.HasMany(i => i.Children).WithOne().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentChildLinkConfiguration : IEntityTypeConfiguration<IncidentChildLink>
{
    public void Configure(EntityTypeBuilder<IncidentChildLink> e)
    {
        e.ToTable("incident_children");
        e.HasKey(c => new { c.IncidentId, c.ChildId });
        e.HasIndex(c => c.ChildId);
        e.HasOne(c => c.Child).WithMany().HasForeignKey(c => c.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}
