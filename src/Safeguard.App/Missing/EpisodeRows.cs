using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Missing;

namespace Safeguard.App.Missing;

/// <summary>A missing episode's current facts: the projection of its events (<see cref="EpisodeModel"/>).</summary>
public sealed class MissingEpisode() : Subject(Records.Missing)
{
    public long ChildId { get; set; }
    public Children.Child Child { get; set; } = null!;
    public Instant ReportedAt { get; set; }
    public RiskLevel RiskAtReport { get; set; }
    public RiskLevel CurrentRisk { get; set; }
    public Instant? AttendedAt { get; set; }
    public Instant? FoundAt { get; set; }
    public Instant? PreventionInterviewAt { get; set; }
    public Instant? ReturnInterviewOfferedAt { get; set; }
    public Instant? SchoolContactedAt { get; set; }
    public string? District { get; set; }
    public Instant LastReviewAt { get; set; }
    public Instant? RiskChangedAt { get; set; }
    public int ExploitationIndicators { get; set; }
}

internal sealed class MissingEpisodeConfiguration : IEntityTypeConfiguration<MissingEpisode>
{
    public void Configure(EntityTypeBuilder<MissingEpisode> e)
    {
        e.ToTable("missing_episodes");
        e.HasIndex(m => m.ReportedAt);
        e.HasIndex(m => new { m.ChildId, m.ReportedAt });
        e.HasIndex(m => new { m.FoundAt, m.CurrentRisk });
        e.Property(m => m.District).HasMaxLength(Imports.CsvFile.MaxTextLength);
        e.Property(m => m.RiskAtReport).HasConversion<int>();
        e.Property(m => m.CurrentRisk).HasConversion<int>();
        e.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}
