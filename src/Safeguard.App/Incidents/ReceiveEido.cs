using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>
/// What receiving a snapshot did: whether it created the incident; whether it was a snapshot received before (then
/// nothing changed); the kinds of event it appended, in order; and the incident as it now stands.
/// </summary>
public sealed record EidoReceipt(string Reference, bool Created, bool Repeated, IReadOnlyList<string> Events, IncidentView Incident);

/// <summary>
/// Takes an EIDO snapshot of an incident from command and control (<see cref="EidoDocument"/>). Each new snapshot is
/// kept (what it says, not the document), every snapshot of the incident is folded again (<see cref="CadSnapshots"/>),
/// and the difference from the incident's facts is appended as events, checked as any: so snapshots arriving out of
/// order, or twice, leave the incident as the snapshots say in any order. What events cannot say is stated in one
/// <see cref="IncidentRecorded"/> that names what changed. One transaction; a race with another writer is tried again.
/// </summary>
public sealed class ReceiveEido(AppDbContext db, SubjectStore store, UnitOfWork work, IncidentModel model, IncidentQueries queries, EidoOptions options,
    Audit.AuditScope audit, Audit.AuditTrail trail, IClock clock)
{
    private const int Attempts = 5;

    public async Task<EidoReceipt> ReceiveAsync(JsonElement document, string author, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var read = EidoDocument.Read(document, options, store.Policy.Zone, now);
        var digest = Digest(read);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (created, repeated, events) = await work.RunAsync("incident", ct => ApplyAsync(read, digest, author, now, ct), cancellationToken);
                var incident = await queries.GetAsync(read.Reference, cancellationToken);
                // A repeat changed nothing, so no alteration was logged; the incident it answers with is a consultation.
                if (repeated) await trail.RecordAsync(author, AuditAction.Consultation, Records.Incident, read.Reference, audit.Justification ?? "system: eido", CancellationToken.None);
                return new EidoReceipt(read.Reference, created, repeated, events, incident);
            }
            catch (RuleException e) when (e.Raced && attempt < Attempts)
            {
                // Another snapshot or writer of the same incident committed first: fold again with what it wrote.
            }
        }
    }

    private async Task<(bool Created, bool Repeated, IReadOnlyList<string> Events)> ApplyAsync(EidoSnapshot read, string digest, string author, Instant now, CancellationToken ct)
    {
        var incident = await store.FindAsync(model, read.Reference, ct);
        var snapshots = new List<CadSnapshot>();
        if (incident is not null)
        {
            var rows = await db.Set<EidoSnapshotRow>().AsNoTracking().Where(r => r.IncidentId == incident.Subject.Id).ToListAsync(ct);
            if (rows.FirstOrDefault() is { } first && first.TrackingId != read.TrackingId)
                throw new RuleException("Another incident's snapshots have this incidentComponent.internalIncidentId: its $id differs.", isConflict: true);
            if (rows.Any(r => r.Digest == digest)) return (false, true, []);
            snapshots.AddRange(rows.Select(r => r.ToSnapshot()));
        }
        snapshots.Add(read.Snapshot);

        var plan = CadSnapshots.Plan(incident?.Current, CadSnapshots.Merge(snapshots), author, now);
        var created = incident is null;
        incident ??= store.Create(model, read.Reference);
        var appended = new List<IncidentEvent>();
        if (plan.Restate is { } facts)
        {
            var changed = incident.State is { } held ? ImportIncidents.ChangedFields(held, facts) : [];
            var why = created ? "recorded from command and control's snapshot (EIDO)" : $"restated from {snapshots.Count} command-and-control snapshots (EIDO)";
            if (changed.Count > 0) why += ", changing " + string.Join(", ", changed);
            // The rule that refused the events, as the reason they could not say it ("because the incident is closed").
            if (plan.Why is { } refused) why += ", because " + char.ToLowerInvariant(refused[0]) + refused[1..].TrimEnd('.');
            appended.Add(new IncidentRecorded(now, author, why, facts));
        }
        else appended.AddRange(plan.Events);
        foreach (var e in appended) await store.RecordAsync(model, incident, e, now, ct);
        // The snapshot is kept even when it changes nothing: the s.62 log says so of the incident, and its version moves,
        // so that two snapshots folded at once collide (and the later is folded again) instead of each missing the other.
        if (appended.Count == 0)
        {
            audit.Touch(Records.Incident, read.Reference, author, created: false);
            incident.Subject.Version++;
        }
        db.Add(EidoSnapshotRow.Of(read, digest, incident.Subject, now));
        return (created, false, [.. appended.Select(e => EventCodec.KindOf(e))]);
    }

    /// <summary>What identifies a snapshot's content: its tracking id and every fact it states, unambiguously joined.</summary>
    private static string Digest(EidoSnapshot read)
    {
        var s = read.Snapshot;
        static string? Iso(Instant? at) => at is { } t ? NodaTime.Text.InstantPattern.ExtendedIso.Format(t) : null;
        var canonical = JsonSerializer.Serialize(new[]
        {
            read.TrackingId, Iso(s.At), s.Grade.Name(), s.Closed ? "closed" : "open", Iso(s.CallStartedAt), Iso(s.DispatchedAt), Iso(s.ArrivedAt),
            s.District, s.Category, s.ChildrenInvolved ? "children" : "none",
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>One snapshot of an incident received from command and control: what it said (<see cref="CadSnapshot"/>), not the document.</summary>
public sealed class EidoSnapshotRow
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public Incident Incident { get; set; } = null!;

    /// <summary>The EIDO's <c>$id</c>: the incident's tracking identifier, the same in each of its snapshots.</summary>
    public required string TrackingId { get; set; }

    public required string Digest { get; set; }
    public Instant ReceivedAt { get; set; }
    public Instant At { get; set; }
    public Grade Grade { get; set; }
    public bool Closed { get; set; }
    public Instant? CallStartedAt { get; set; }
    public Instant? DispatchedAt { get; set; }
    public Instant? ArrivedAt { get; set; }
    public string? District { get; set; }
    public string? Category { get; set; }
    public bool ChildrenInvolved { get; set; }

    public CadSnapshot ToSnapshot() => new(At, Grade, Closed, CallStartedAt, DispatchedAt, ArrivedAt, District, Category, ChildrenInvolved);

    public static EidoSnapshotRow Of(EidoSnapshot read, string digest, Incident incident, Instant now)
    {
        var s = read.Snapshot;
        return new EidoSnapshotRow
        {
            Incident = incident,
            TrackingId = read.TrackingId,
            Digest = digest,
            ReceivedAt = now,
            At = s.At,
            Grade = s.Grade,
            Closed = s.Closed,
            CallStartedAt = s.CallStartedAt,
            DispatchedAt = s.DispatchedAt,
            ArrivedAt = s.ArrivedAt,
            District = s.District,
            Category = s.Category,
            ChildrenInvolved = s.ChildrenInvolved,
        };
    }
}

internal sealed class EidoSnapshotConfiguration : IEntityTypeConfiguration<EidoSnapshotRow>
{
    public void Configure(EntityTypeBuilder<EidoSnapshotRow> e)
    {
        e.ToTable("eido_snapshots");
        e.HasIndex(s => new { s.IncidentId, s.Digest }).IsUnique();
        e.HasOne(s => s.Incident).WithMany().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Restrict);
        e.Property(s => s.TrackingId).HasMaxLength(EidoDocument.MaxTrackingIdLength);
        e.Property(s => s.Digest).HasMaxLength(64);
        e.Property(s => s.Grade).HasConversion<int>();
        e.Property(s => s.District).HasMaxLength(Imports.CsvFile.MaxTextLength);
        e.Property(s => s.Category).HasMaxLength(Imports.CsvFile.MaxTextLength);
    }
}
