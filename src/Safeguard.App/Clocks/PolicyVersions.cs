using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Clocks;

/// <summary>
/// The attendance policies Safeguard has run under. At start-up each host records the configured policy as a new
/// version if it differs from the latest; each new incident keeps the version in force when its clock started, and
/// every later evaluation of that clock uses it. Incidents from before versions existed use the current policy.
/// </summary>
public sealed class PolicyVersions(AttendancePolicyOptions configured)
{
    public const string Attendance = "attendance";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<long, AttendancePolicy> _known = new();

    public AttendancePolicy Current { get; } = configured.ToPolicy();

    /// <summary>The version new clocks start under; set by <see cref="EnsureCurrentAsync"/>.</summary>
    public long? CurrentId { get; private set; }

    public Instant? CurrentEffectiveFrom { get; private set; }

    /// <summary>Records the configured policy as the newest version unless it already is; idempotent across instances.</summary>
    public async Task EnsureCurrentAsync(AppDbContext db, Instant now, CancellationToken cancellationToken = default)
    {
        var settings = JsonSerializer.Serialize(configured, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)));
        var latest = await db.PolicyVersions.AsNoTracking().Where(v => v.Kind == Attendance)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || latest.Hash != hash)
        {
            latest = new PolicyVersion { Kind = Attendance, Settings = settings, Hash = hash, EffectiveFrom = now };
            db.PolicyVersions.Add(latest);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(latest).State = EntityState.Detached;
        }
        _known[latest.Id] = Current;
        (CurrentId, CurrentEffectiveFrom) = (latest.Id, latest.EffectiveFrom);
    }

    /// <summary>The policy an incident's clock runs under.</summary>
    public AttendancePolicy For(AppDbContext db, Incident incident)
    {
        if (incident.PolicyVersionId is not { } id || id == CurrentId) return Current;
        return _known.GetOrAdd(id, key =>
        {
            var version = db.PolicyVersions.AsNoTracking().Single(v => v.Id == key);
            return (JsonSerializer.Deserialize<AttendancePolicyOptions>(version.Settings, Json) ?? throw new InvalidOperationException($"Policy version {key} cannot be read.")).ToPolicy();
        });
    }

    /// <summary>Stamps a new incident with the version its clock starts under.</summary>
    public void Stamp(Incident incident) =>
        incident.PolicyVersionId = CurrentId ?? throw new InvalidOperationException("The policy version is not recorded yet: call DatabaseSetup.PrepareAsync at start-up.");
}
