using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.Domain.Inspection;

namespace Safeguard.App.Inspection;

/// <summary>A drawn sample of cases for a case-file audit: the inputs that reproduce it, and who drew it when.</summary>
public sealed class CaseAuditSample
{
    public long Id { get; set; }
    public LocalDate From { get; set; }
    public LocalDate To { get; set; }
    public int Size { get; set; }
    public long Seed { get; set; }
    public required string DrawnBy { get; set; }
    public Instant DrawnAt { get; set; }
    public List<CaseAuditRecord> Cases { get; set; } = [];
}

/// <summary>
/// One sampled case and its audit: the auditor's answers to the rubric (JSON, each with its question as it was asked),
/// grade and reasons; then a second auditor's moderation, whose grade stands when it differs.
/// </summary>
public sealed class CaseAuditRecord
{
    public long Id { get; set; }
    public long SampleId { get; set; }
    public int Position { get; set; }
    public required string Kind { get; set; }
    public required string Reference { get; set; }
    public AuditArea Area { get; set; }
    public Instant CaseAt { get; set; }
    public string? Auditor { get; set; }
    public Instant? AuditedAt { get; set; }
    public string? Answers { get; set; }
    public CaseGrade? Grade { get; set; }
    public string? Reasons { get; set; }
    public string? Moderator { get; set; }
    public Instant? ModeratedAt { get; set; }
    public CaseGrade? ModeratedGrade { get; set; }
    public string? ModerationNote { get; set; }

    /// <summary>Raised on every change: two auditors saving the same case cannot both win.</summary>
    public int Version { get; set; }
}

internal sealed class CaseAuditSampleConfiguration : IEntityTypeConfiguration<CaseAuditSample>
{
    public void Configure(EntityTypeBuilder<CaseAuditSample> e)
    {
        e.ToTable("case_audit_samples");
        e.Property(s => s.DrawnBy).HasMaxLength(256);
        e.HasMany(s => s.Cases).WithOne().HasForeignKey(c => c.SampleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseAuditRecordConfiguration : IEntityTypeConfiguration<CaseAuditRecord>
{
    public void Configure(EntityTypeBuilder<CaseAuditRecord> e)
    {
        e.ToTable("case_audits");
        e.HasIndex(c => new { c.SampleId, c.Position }).IsUnique();
        e.HasIndex(c => new { c.Kind, c.Reference });
        e.HasIndex(c => c.AuditedAt);
        e.Property(c => c.Kind).HasMaxLength(16);
        e.Property(c => c.Reference).HasMaxLength(References.MaxLength);
        e.Property(c => c.Area).HasConversion<string>().HasMaxLength(32);
        e.Property(c => c.Grade).HasConversion<string>().HasMaxLength(32);
        e.Property(c => c.ModeratedGrade).HasConversion<string>().HasMaxLength(32);
        e.Property(c => c.Auditor).HasMaxLength(256);
        e.Property(c => c.Moderator).HasMaxLength(256);
        e.Property(c => c.Reasons).HasMaxLength(CaseAudits.MaxNoteLength);
        e.Property(c => c.ModerationNote).HasMaxLength(CaseAudits.MaxNoteLength);
        e.Property(c => c.Version).IsConcurrencyToken();
    }
}
