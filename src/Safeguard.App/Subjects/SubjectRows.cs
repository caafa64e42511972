using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Subjects;

/// <summary>
/// What every subject — an incident, a notice, a missing episode, a child's record — has: a reference (unique within
/// its kind), when Safeguard first recorded it, its append-only history and its clocks in the ledger. The kind's own
/// table (table-per-type) holds the facts projected from the history. <see cref="Version"/> guards every change: two
/// writers appending to one subject cannot both win.
/// </summary>
public abstract class Subject
{
    protected Subject(string kind) => Kind = kind;

    public long Id { get; set; }

    /// <summary>The kind of record (<see cref="Records"/>): incident, notice, missing or child.</summary>
    public string Kind { get; private set; }

    public required string Reference { get; set; }

    /// <summary>When Safeguard first recorded the subject (its first event was written).</summary>
    public Instant RecordedAt { get; set; }

    public int EventCount { get; set; }
    public int Version { get; set; }

    /// <summary>When the latest thing recorded on the subject happened: its retention clear period counts from here.</summary>
    public Instant? LastActivityAt { get; set; }

    /// <summary>The retention group that holds the record (<see cref="Domain.Subjects.RetentionSchedule"/>).</summary>
    public string? RetentionGroup { get; set; }

    /// <summary>The day the record is next reviewed for keeping or disposal.</summary>
    public LocalDate? ReviewOn { get; set; }

    /// <summary>A review's decision to keep the record until this day (its next review).</summary>
    public LocalDate? KeptUntil { get; set; }

    /// <summary>When the record's personal data was erased (<see cref="RecordErasure"/>): it is reviewed no more.</summary>
    public Instant? ErasedAt { get; set; }
    public List<EventRecord> Events { get; set; } = [];
    public List<ClockRecord> Clocks { get; set; } = [];
}

/// <summary>
/// One event of one subject's history: its place in it, when it happened and was recorded, who recorded it and why, and
/// the domain event itself as JSON (<see cref="EventCodec"/>, the kind its discriminator). Inserted, never updated or deleted.
/// </summary>
public sealed class EventRecord
{
    public long Id { get; set; }
    public long SubjectId { get; set; }
    public int Sequence { get; set; }
    public required string Kind { get; set; }
    public Instant At { get; set; }
    public Instant RecordedAt { get; set; }
    public required string Author { get; set; }
    public string? Reason { get; set; }
    public required string Data { get; set; }

    /// <summary>
    /// The change (unit of work or import) that wrote the event: its s.62 entry carries the same id, in the same
    /// transaction. Null only for the engine's escalations, which record what Safeguard did, not a use of the record.
    /// </summary>
    public Guid? Change { get; set; }
}

/// <summary>
/// The ledger: one row per obligation — a subject's clock of one kind and cycle — written only by the store's
/// projector, in the transaction of the event that changed it (see ADR 0010). Every reader's "state now" comes from
/// <see cref="ToEntry"/> and the domain (<see cref="ClockEntry.StateAt"/>); nothing derives it on its own.
/// </summary>
public sealed class ClockRecord
{
    /// <summary>The stored state of a clock that has not settled.</summary>
    public const string Open = "open";

    public long Id { get; set; }
    public long SubjectId { get; set; }
    public Subject Subject { get; set; } = null!;

    /// <summary>The child the clock is about, when it is about one child.</summary>
    public long? ChildId { get; set; }
    public Children.Child? Child { get; set; }

    public ClockKind Kind { get; set; }
    public int Cycle { get; set; }

    /// <summary>The policy version the clock started under; it is always evaluated under that version.</summary>
    public long PolicyVersionId { get; set; }

    public Instant StartAt { get; set; }
    public Duration Target { get; set; }
    public Instant WarningAt { get; set; }
    public Instant DueAt { get; set; }
    public Instant? StoppedAt { get; set; }

    /// <summary>Who recorded what stopped, withdrew or ended the clock.</summary>
    public string? StoppedBy { get; set; }

    public Instant? EndedAt { get; set; }
    public Instant? WithdrawnAt { get; set; }
    public Instant? PausedSince { get; set; }

    /// <summary>When the clock stopped running for good, whatever the reason; null while it runs.</summary>
    public Instant? ClosedAt { get; set; }

    /// <summary><see cref="Open"/>, or the name of the state it settled in (met, met-late, cancelled, breached).</summary>
    public required string State { get; set; }

    /// <summary>When Safeguard first knew of the clock: steps already past then fire only within the catch-up limit.</summary>
    public Instant KnownSince { get; set; }

    /// <summary>The next instant the clock engine must look at the clock; null when no step can fire any more.</summary>
    public Instant? NextEscalationAt { get; set; }

    /// <summary>The names of the escalation steps already fired, comma-separated.</summary>
    public string? FiredSteps { get; set; }

    public ClockEntry ToEntry() => new(Kind, StartAt, Target, WarningAt, DueAt, StoppedAt, EndedAt, WithdrawnAt, PausedSince);
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> e)
    {
        e.ToTable("subjects");
        e.UseTptMappingStrategy();
        e.Property(s => s.Kind).HasMaxLength(16);
        e.Property(s => s.Reference).HasMaxLength(Imports.CsvFile.MaxReferenceLength);
        e.HasIndex(s => new { s.Reference, s.Kind }).IsUnique();
        e.Property(s => s.Version).IsConcurrencyToken();
        e.Property(s => s.RetentionGroup).HasMaxLength(64);
        e.HasIndex(s => s.ReviewOn); // the retention review queue
        e.HasMany(s => s.Events).WithOne().HasForeignKey(ev => ev.SubjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(s => s.Clocks).WithOne(c => c.Subject).HasForeignKey(c => c.SubjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EventRecordConfiguration : IEntityTypeConfiguration<EventRecord>
{
    public void Configure(EntityTypeBuilder<EventRecord> e)
    {
        e.ToTable("events");
        e.HasIndex(ev => new { ev.SubjectId, ev.Sequence }).IsUnique();
        e.Property(ev => ev.Kind).HasMaxLength(32);
        e.Property(ev => ev.Author).HasMaxLength(256);
        e.Property(ev => ev.Reason).HasMaxLength(2000);
    }
}

internal sealed class ClockRecordConfiguration : IEntityTypeConfiguration<ClockRecord>
{
    public void Configure(EntityTypeBuilder<ClockRecord> e)
    {
        e.ToTable("clocks");
        e.Property(c => c.Kind).HasMaxLength(32).HasConversion(k => k.Name(), name => ParseKind(name));
        e.Property(c => c.State).HasMaxLength(16);
        e.Property(c => c.StoppedBy).HasMaxLength(256);
        e.Property(c => c.FiredSteps).HasMaxLength(500);
        e.HasIndex(c => new { c.SubjectId, c.Kind, c.Cycle }).IsUnique();
        // The engine wakes for the earliest of these; queues read open clocks of a kind by due; the child's record by child.
        e.HasIndex(c => c.NextEscalationAt);
        e.HasIndex(c => new { c.Kind, c.State, c.DueAt });
        // Boards and queues read the open clocks of a kind, most urgent first: a few thousand of millions, from this alone.
        e.HasIndex(c => new { c.Kind, c.DueAt }, "IX_clocks_open_Kind_DueAt").HasFilter("\"State\" = 'open'").IncludeProperties(c => c.SubjectId);
        e.HasIndex(c => new { c.Kind, c.StartAt });
        e.HasIndex(c => new { c.Kind, c.ClosedAt }); // completions over a window (capacity)
        e.HasIndex(c => new { c.ChildId, c.DueAt });
        e.HasOne(c => c.Child).WithMany().HasForeignKey(c => c.ChildId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<PolicyVersion>().WithMany().HasForeignKey(c => c.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
    }

    private static ClockKind ParseKind(string name) =>
        ClockKinds.TryParse(name, out var kind) ? kind : throw new InvalidOperationException($"The ledger holds an unknown clock kind '{name}'.");
}
