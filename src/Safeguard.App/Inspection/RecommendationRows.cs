using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.Domain.Inspection;

namespace Safeguard.App.Inspection;

/// <summary>A recommendation from an inspection, the force's status for it with the evidence, its actions and measures.</summary>
public sealed class Recommendation
{
    public long Id { get; set; }

    /// <summary>The inspection's own number for it ("R1"); unique.</summary>
    public required string Code { get; set; }
    public required string Source { get; set; }
    public required string Text { get; set; }
    public LocalDate PublishedOn { get; set; }
    public string? Owner { get; set; }
    public RecommendationStatus Status { get; set; }
    public string? StatusEvidence { get; set; }
    public string? StatusBy { get; set; }
    public Instant? StatusAt { get; set; }
    public required string CreatedBy { get; set; }
    public Instant CreatedAt { get; set; }
    public int Version { get; set; }
    public List<RecommendationAction> Actions { get; set; } = [];
    public List<RecommendationMeasure> Measures { get; set; } = [];
}

/// <summary>One action of the force's plan for a recommendation: who owns it, when it is due, when done and the evidence.</summary>
public sealed class RecommendationAction
{
    public long Id { get; set; }
    public long RecommendationId { get; set; }
    public required string Text { get; set; }
    public required string Owner { get; set; }
    public LocalDate DueOn { get; set; }
    public LocalDate? DoneOn { get; set; }
    public string? Evidence { get; set; }
    public Instant AddedAt { get; set; }
    public required string AddedBy { get; set; }
}

/// <summary>A figure of the report that shows whether a recommendation is working, with its target (percent within).</summary>
public sealed class RecommendationMeasure
{
    public long Id { get; set; }
    public long RecommendationId { get; set; }
    public required string Figure { get; set; }
    public double TargetPercent { get; set; }
}

internal sealed class RecommendationConfiguration : IEntityTypeConfiguration<Recommendation>
{
    public void Configure(EntityTypeBuilder<Recommendation> e)
    {
        e.ToTable("recommendations");
        e.HasIndex(r => r.Code).IsUnique();
        e.Property(r => r.Code).HasMaxLength(References.MaxLength);
        e.Property(r => r.Source).HasMaxLength(RecommendationTracker.MaxLineLength);
        e.Property(r => r.Text).HasMaxLength(RecommendationTracker.MaxNoteLength);
        e.Property(r => r.Owner).HasMaxLength(RecommendationTracker.MaxLineLength);
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.StatusEvidence).HasMaxLength(RecommendationTracker.MaxNoteLength);
        e.Property(r => r.StatusBy).HasMaxLength(256);
        e.Property(r => r.CreatedBy).HasMaxLength(256);
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasMany(r => r.Actions).WithOne().HasForeignKey(a => a.RecommendationId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(r => r.Measures).WithOne().HasForeignKey(m => m.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecommendationActionConfiguration : IEntityTypeConfiguration<RecommendationAction>
{
    public void Configure(EntityTypeBuilder<RecommendationAction> e)
    {
        e.ToTable("recommendation_actions");
        e.Property(a => a.Text).HasMaxLength(RecommendationTracker.MaxNoteLength);
        e.Property(a => a.Owner).HasMaxLength(RecommendationTracker.MaxLineLength);
        e.Property(a => a.Evidence).HasMaxLength(RecommendationTracker.MaxNoteLength);
        e.Property(a => a.AddedBy).HasMaxLength(256);
    }
}

internal sealed class RecommendationMeasureConfiguration : IEntityTypeConfiguration<RecommendationMeasure>
{
    public void Configure(EntityTypeBuilder<RecommendationMeasure> e)
    {
        e.ToTable("recommendation_measures");
        e.HasIndex(m => new { m.RecommendationId, m.Figure }).IsUnique();
        e.Property(m => m.Figure).HasMaxLength(64);
    }
}
