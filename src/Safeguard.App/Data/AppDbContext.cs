using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace Safeguard.App.Data;

/// <summary>
/// The one model. <see cref="SqliteAppDbContext"/> and <see cref="PostgresAppDbContext"/> each own their migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<SafeguardUser>(options)
{
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentEventRecord> IncidentEvents => Set<IncidentEventRecord>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<Child> Children => Set<Child>();
    public DbSet<ChildEvent> ChildEvents => Set<ChildEvent>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MissingEpisode> MissingEpisodes => Set<MissingEpisode>();
    public DbSet<MissingEpisodeEvent> MissingEpisodeEvents => Set<MissingEpisodeEvent>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticeEvent> NoticeEvents => Set<NoticeEvent>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<NoticeShare> NoticeShares => Set<NoticeShare>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Incident>(e =>
        {
            e.ToTable("incidents");
            e.HasIndex(i => i.Reference).IsUnique();
            e.Property(i => i.Reference).HasMaxLength(64);
            e.Property(i => i.District).HasMaxLength(100);
            e.Property(i => i.Category).HasMaxLength(100);
            e.Property(i => i.InitialGrade).HasConversion<int>();
            e.Property(i => i.CurrentGrade).HasConversion<int>();
            e.Property(i => i.Version).IsConcurrencyToken();
            // The report reads child-involved incidents by creation instant.
            e.HasIndex(i => new { i.ChildrenInvolved, i.CreatedAt });
            e.HasIndex(i => i.AttendanceDueAt);
            // The clock engine wakes for the earliest of these.
            e.HasIndex(i => i.NextEscalationAt);
            e.Property(i => i.EscalatedSteps).HasMaxLength(500);
            e.HasMany(i => i.Events).WithOne().HasForeignKey(ev => ev.IncidentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<IncidentEventRecord>(e =>
        {
            e.ToTable("incident_events");
            e.HasIndex(ev => new { ev.IncidentId, ev.Sequence }).IsUnique();
            e.Property(ev => ev.Kind).HasMaxLength(32);
            e.Property(ev => ev.Author).HasMaxLength(256);
            e.Property(ev => ev.Supervisor).HasMaxLength(256);
            e.Property(ev => ev.Reason).HasMaxLength(2000);
            e.Property(ev => ev.Grade).HasConversion<int?>();
        });

        builder.Entity<Child>(e =>
        {
            e.ToTable("children");
            e.HasIndex(c => c.Reference).IsUnique();
            e.Property(c => c.Reference).HasMaxLength(64);
            e.Property(c => c.Name).HasMaxLength(Safeguard.Domain.Children.ChildDetails.MaxNameLength);
            e.Property(c => c.School).HasMaxLength(200);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasMany(c => c.Events).WithOne().HasForeignKey(ev => ev.ChildId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(a => a.Sequence).IsUnique();
            e.HasIndex(a => new { a.Subject, a.Reference });
            e.Property(a => a.Who).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(16);
            e.Property(a => a.Subject).HasMaxLength(16);
            e.Property(a => a.Reference).HasMaxLength(64);
            e.Property(a => a.Justification).HasMaxLength(500);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
        });

        builder.Entity<ChildEvent>(e =>
        {
            e.ToTable("child_events");
            e.HasIndex(ev => new { ev.ChildId, ev.Sequence }).IsUnique();
            e.HasIndex(ev => ev.IncidentReference);
            e.Property(ev => ev.Kind).HasMaxLength(32);
            e.Property(ev => ev.Author).HasMaxLength(256);
            e.Property(ev => ev.Reason).HasMaxLength(2000);
            e.Property(ev => ev.IncidentReference).HasMaxLength(64);
        });

        builder.Entity<MissingEpisode>(e =>
        {
            e.ToTable("missing_episodes");
            e.HasIndex(m => m.Reference).IsUnique();
            e.HasIndex(m => m.ReportedAt);
            e.HasIndex(m => new { m.ChildId, m.ReportedAt });
            e.HasIndex(m => new { m.FoundAt, m.NextReviewDueAt });
            e.Property(m => m.Reference).HasMaxLength(64);
            e.Property(m => m.District).HasMaxLength(100);
            e.Property(m => m.RiskAtReport).HasConversion<int>();
            e.Property(m => m.CurrentRisk).HasConversion<int>();
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasIndex(m => m.NextEscalationAt);
            e.Property(m => m.EscalatedSteps).HasMaxLength(1000);
            e.HasOne<Child>().WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(m => m.Events).WithOne().HasForeignKey(ev => ev.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Notice>(e =>
        {
            e.ToTable("notices");
            e.HasIndex(n => n.Reference).IsUnique();
            e.HasIndex(n => n.OccurredAt);
            e.HasIndex(n => new { n.ChildId, n.SubmittedAt });
            e.Property(n => n.Reference).HasMaxLength(64);
            e.Property(n => n.IncidentReference).HasMaxLength(64);
            e.Property(n => n.SharedWith).HasMaxLength(500);
            e.Property(n => n.ShareDecided).HasMaxLength(500);
            e.Property(n => n.Type).HasConversion<int>();
            e.Property(n => n.OfficerRisk).HasConversion<int>();
            e.Property(n => n.Rag).HasConversion<int?>();
            e.Property(n => n.Version).IsConcurrencyToken();
            e.HasIndex(n => n.NextEscalationAt);
            e.Property(n => n.EscalatedSteps).HasMaxLength(500);
            e.HasOne<Child>().WithMany().HasForeignKey(n => n.ChildId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(n => n.Events).WithOne().HasForeignKey(ev => ev.NoticeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Agency>(e =>
        {
            e.ToTable("agencies");
            e.HasIndex(a => a.Name).IsUnique();
            e.Property(a => a.Name).HasMaxLength(100);
        });

        builder.Entity<NoticeShare>(e =>
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
        });

        builder.Entity<NoticeEvent>(e =>
        {
            e.ToTable("notice_events");
            e.HasIndex(ev => new { ev.NoticeId, ev.Sequence }).IsUnique();
            e.Property(ev => ev.Kind).HasMaxLength(32);
            e.Property(ev => ev.Author).HasMaxLength(256);
            e.Property(ev => ev.Reason).HasMaxLength(2000);
        });

        builder.Entity<MissingEpisodeEvent>(e =>
        {
            e.ToTable("missing_episode_events");
            e.HasIndex(ev => new { ev.EpisodeId, ev.Sequence }).IsUnique();
            e.Property(ev => ev.Kind).HasMaxLength(32);
            e.Property(ev => ev.Author).HasMaxLength(256);
            e.Property(ev => ev.Reason).HasMaxLength(2000);
        });

        builder.Entity<PolicyVersion>(e =>
        {
            e.ToTable("policy_versions");
            e.Property(v => v.Kind).HasMaxLength(32);
            e.Property(v => v.Hash).HasMaxLength(64);
            e.HasIndex(v => new { v.Kind, v.EffectiveFrom });
        });

        builder.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(n => new { n.Recipient, n.AcknowledgedAt });
            e.Property(n => n.Recipient).HasMaxLength(64);
            // Notifications written before there were several kinds are all about incidents.
            e.Property(n => n.Kind).HasMaxLength(16).HasDefaultValue(Records.Incident);
            e.Property(n => n.Reference).HasMaxLength(64);
            e.Property(n => n.Subject).HasMaxLength(300);
            e.Property(n => n.AcknowledgedBy).HasMaxLength(256);
            e.HasIndex(n => n.PlannedAt);
        });

        builder.Entity<NotificationDelivery>(e =>
        {
            e.ToTable("notification_deliveries");
            e.HasIndex(d => new { d.NotificationId, d.Channel, d.Target }).IsUnique();
            e.HasIndex(d => new { d.SentAt, d.NextAttemptAt });
            e.Property(d => d.Channel).HasMaxLength(16);
            e.Property(d => d.Target).HasMaxLength(256);
            e.Property(d => d.LastError).HasMaxLength(500);
            e.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.Prefix).IsUnique();
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.Prefix).HasMaxLength(32);
            e.Property(k => k.Hash).HasMaxLength(128);
            e.Property(k => k.Role).HasMaxLength(64);
        });
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no instant type: store Unix ticks, which keep order, so range queries and indexes work.
        configurationBuilder.Properties<Instant>().HaveConversion<InstantTicksConverter>();
        configurationBuilder.Properties<Instant?>().HaveConversion<InstantTicksConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateTextConverter>();
        configurationBuilder.Properties<LocalDate?>().HaveConversion<LocalDateTextConverter>();
    }

    /// <summary>Dates as ISO text (yyyy-MM-dd), which sorts in date order.</summary>
    private sealed class LocalDateTextConverter() : ValueConverter<LocalDate, string>(
        d => NodaTime.Text.LocalDatePattern.Iso.Format(d), t => NodaTime.Text.LocalDatePattern.Iso.Parse(t).Value);

    private sealed class InstantTicksConverter() : ValueConverter<Instant, long>(
        i => i.ToUnixTimeTicks(), t => Instant.FromUnixTimeTicks(t));
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
