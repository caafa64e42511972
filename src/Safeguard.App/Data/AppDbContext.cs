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
    public DbSet<Subjects.Subject> Subjects => Set<Subjects.Subject>();
    public DbSet<Subjects.EventRecord> Events => Set<Subjects.EventRecord>();
    public DbSet<Subjects.ClockRecord> Clocks => Set<Subjects.ClockRecord>();
    public DbSet<Incidents.Incident> Incidents => Set<Incidents.Incident>();
    public DbSet<Incidents.IncidentChildLink> IncidentChildren => Set<Incidents.IncidentChildLink>();
    public DbSet<Children.Child> Children => Set<Children.Child>();
    public DbSet<Missing.MissingEpisode> MissingEpisodes => Set<Missing.MissingEpisode>();
    public DbSet<Notices.Notice> Notices => Set<Notices.Notice>();
    public DbSet<Notices.Agency> Agencies => Set<Notices.Agency>();
    public DbSet<Notices.NoticeShare> NoticeShares => Set<Notices.NoticeShare>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Access.Session> Sessions => Set<Access.Session>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature configures its own rows (IEntityTypeConfiguration in its folder).
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(a => a.Sequence).IsUnique();
            e.HasIndex(a => new { a.Subject, a.Reference });
            e.HasIndex(a => a.Change);
            e.Property(a => a.Who).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(16);
            e.Property(a => a.Subject).HasMaxLength(16);
            e.Property(a => a.Reference).HasMaxLength(64);
            e.Property(a => a.Justification).HasMaxLength(500);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
        });

        builder.Entity<PolicyVersion>(e =>
        {
            e.ToTable("policy_versions");
            e.Property(v => v.Hash).HasMaxLength(64);
            e.HasIndex(v => v.EffectiveFrom);
        });

        builder.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(n => new { n.Recipient, n.AcknowledgedAt, n.ClosedAt });
            e.HasIndex(n => n.ClockId);
            e.Property(n => n.Recipient).HasMaxLength(64);
            e.Property(n => n.Kind).HasMaxLength(16);
            e.HasOne<Subjects.ClockRecord>().WithMany().HasForeignKey(n => n.ClockId).OnDelete(DeleteBehavior.SetNull);
            e.Property(n => n.Reference).HasMaxLength(64);
            e.Property(n => n.Subject).HasMaxLength(300);
            e.Property(n => n.AcknowledgedBy).HasMaxLength(256);
            e.HasIndex(n => n.PlannedAt);
        });

        builder.Entity<NotificationDelivery>(e =>
        {
            e.ToTable("notification_deliveries");
            e.HasIndex(d => new { d.NotificationId, d.Channel, d.Target }).IsUnique();
            e.HasIndex(d => new { d.SentAt, d.GivenUpAt, d.NextAttemptAt });
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
            e.Property(k => k.Scopes).HasMaxLength(1000);
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
        configurationBuilder.Properties<Duration>().HaveConversion<DurationTicksConverter>();
    }

    private sealed class DurationTicksConverter() : ValueConverter<Duration, long>(d => d.BclCompatibleTicks, t => Duration.FromTicks(t));

    /// <summary>Dates as ISO text (yyyy-MM-dd), which sorts in date order.</summary>
    private sealed class LocalDateTextConverter() : ValueConverter<LocalDate, string>(
        d => NodaTime.Text.LocalDatePattern.Iso.Format(d), t => NodaTime.Text.LocalDatePattern.Iso.Parse(t).Value);

    private sealed class InstantTicksConverter() : ValueConverter<Instant, long>(
        i => i.ToUnixTimeTicks(), t => Instant.FromUnixTimeTicks(t));
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
