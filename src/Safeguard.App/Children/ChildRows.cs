using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Children;

namespace Safeguard.App.Children;

/// <summary>
/// A child, by the force's child reference: their details (the projection of the latest details event), the flags,
/// and the derived repeat-missing and escalating-concern flags. Name, date of birth and school are personal data:
/// never logged, never in a URL.
/// </summary>
public sealed class Child() : Subject(Records.Child)
{
    public string? Name { get; set; }
    public LocalDate? DateOfBirth { get; set; }
    public string? School { get; set; }
    public bool ChildProtectionPlan { get; set; }
    public bool LookedAfter { get; set; }
    public bool ExploitationRisk { get; set; }

    /// <summary>When three missing episodes were first reported within 90 days; null if never.</summary>
    public Instant? RepeatMissingSince { get; set; }

    /// <summary>When three public protection notices about the child were first submitted within 90 days; null if never.</summary>
    public Instant? EscalatingConcernSince { get; set; }

    /// <summary>The record this one was found to duplicate and was merged into: every record naming this one is the other's now.</summary>
    public long? MergedIntoId { get; set; }

    public Instant? MergedAt { get; set; }

    /// <summary>Since when the record is restricted (UK GDPR Art. 18): kept, but neither shown nor changed.</summary>
    public Instant? RestrictedAt { get; set; }

    public string? RestrictionReason { get; set; }

    public const int MaxReasonLength = 2000;

    public ChildDetails ToDetails() => new(Name, DateOfBirth, School, ChildProtectionPlan, LookedAfter, ExploitationRisk);
}

internal sealed class ChildConfiguration : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> e)
    {
        e.ToTable("children");
        e.Property(c => c.Name).HasMaxLength(ChildDetails.MaxNameLength);
        e.Property(c => c.School).HasMaxLength(ChildDetails.MaxSchoolLength);
        e.Property(c => c.RestrictionReason).HasMaxLength(Child.MaxReasonLength);
        // No foreign key: adding one would rebuild the children table on SQLite at upgrade. The merge sets it, in one transaction.
        e.HasIndex(c => c.MergedIntoId);
    }
}
