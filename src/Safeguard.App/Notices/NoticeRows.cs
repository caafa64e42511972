using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

/// <summary>A public protection notice's current facts: the projection of its events (<see cref="NoticeModel"/>).</summary>
public sealed class Notice() : Subject(Records.Notice)
{
    public long ChildId { get; set; }
    public Children.Child Child { get; set; } = null!;
    public string? IncidentReference { get; set; }
    public NoticeType Type { get; set; }
    public OfficerRisk OfficerRisk { get; set; }
    public Instant OccurredAt { get; set; }
    public Instant SubmittedAt { get; set; }
    public Instant? ReviewedAt { get; set; }
    public Rag? Rag { get; set; }

    /// <summary>What the MASH decided at its review.</summary>
    public NoticeDecision? Decision { get; set; }
    public Instant? SharedAt { get; set; }
    public string? SharedWith { get; set; }

    /// <summary>The agencies the MASH review decided to share with, <c>;</c>-separated; sharing is complete when all have had it.</summary>
    public string? ShareDecided { get; set; }

    public Instant? SchoolNotifiedAt { get; set; }

    public NoticeFacts ToFacts() =>
        new(Child.Reference, IncidentReference, Type, OfficerRisk, OccurredAt, SubmittedAt, ReviewedAt, Rag, SharedAt, SharedWith, SchoolNotifiedAt, ShareDecided);
}

/// <summary>
/// A partner agency (children's social care, health, education, …) that notices can be shared with, from the list the
/// administrators keep (<see cref="Agencies"/>). <see cref="Code"/> is its short name (a reference); null only for an
/// agency recorded before the list had codes.
/// </summary>
public sealed class Agency
{
    public long Id { get; set; }
    public string? Code { get; set; }
    public required string Name { get; set; }

    /// <summary>When it was retired: nothing new is shared with it.</summary>
    public Instant? RetiredAt { get; set; }
}

/// <summary>
/// A notice shared with an agency: what was shared, on what lawful basis, when and by whom; and the partner's
/// acknowledgement. A partner-agency user sees a notice only through a share with their own agency.
/// </summary>
public sealed class NoticeShare
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public long AgencyId { get; set; }
    public Instant SharedAt { get; set; }
    public required string SharedBy { get; set; }
    public required string What { get; set; }
    public required string LawfulBasis { get; set; }
    public Instant? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> e)
    {
        e.ToTable("notices");
        e.HasIndex(n => n.OccurredAt);
        e.HasIndex(n => new { n.ChildId, n.SubmittedAt });
        e.HasIndex(n => n.IncidentReference);
        e.Property(n => n.IncidentReference).HasMaxLength(Imports.CsvFile.MaxReferenceLength);
        e.Property(n => n.SharedWith).HasMaxLength(NoticeCsv.MaxSharedWithLength);
        e.Property(n => n.ShareDecided).HasMaxLength(NoticeCsv.MaxSharedWithLength);
        e.Property(n => n.Type).HasConversion<int>();
        e.Property(n => n.OfficerRisk).HasConversion<int>();
        e.Property(n => n.Rag).HasConversion<int?>();
        e.HasOne(n => n.Child).WithMany().HasForeignKey(n => n.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> e)
    {
        e.ToTable("agencies");
        e.HasIndex(a => a.Name).IsUnique();
        e.HasIndex(a => a.Code).IsUnique();
        e.Property(a => a.Code).HasMaxLength(References.MaxLength);
        e.Property(a => a.Name).HasMaxLength(Imports.CsvFile.MaxTextLength);
    }
}

internal sealed class NoticeShareConfiguration : IEntityTypeConfiguration<NoticeShare>
{
    public void Configure(EntityTypeBuilder<NoticeShare> e)
    {
        e.ToTable("notice_shares");
        e.HasIndex(x => new { x.NoticeId, x.AgencyId }).IsUnique();
        e.HasIndex(x => x.AgencyId);
        e.Property(x => x.SharedBy).HasMaxLength(256);
        e.Property(x => x.What).HasMaxLength(2000);
        e.Property(x => x.LawfulBasis).HasMaxLength(200);
        e.Property(x => x.AcknowledgedBy).HasMaxLength(256);
        e.HasOne<Notice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
