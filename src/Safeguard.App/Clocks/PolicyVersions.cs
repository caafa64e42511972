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
/// The policies Safeguard has run under, each version the whole <see cref="SafeguardPolicy"/> (ADR 0010). At start-up
/// each host records the configured policy as a new version if it differs from the latest; each new clock in the ledger
/// is stamped with the version in force, and every later evaluation of that clock uses it.
/// </summary>
public sealed class PolicyVersions(PolicyOptions configured, Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<long, SafeguardPolicy> _known = new();
    private long? _currentId;

    /// <summary>The policy in force now: new clocks start under it and reports measure against it.</summary>
    public SafeguardPolicy Current { get; } = configured.ToPolicy();

    /// <summary>The version new clocks start under; set by <see cref="EnsureCurrentAsync"/> at start-up.</summary>
    public long CurrentId => _currentId ?? throw new InvalidOperationException("The policy version is not recorded yet: call DatabaseSetup.PrepareAsync at start-up.");

    public Instant? CurrentEffectiveFrom { get; private set; }

    /// <summary>Records the configured policy as the newest version unless it already is; idempotent across instances.</summary>
    public async Task EnsureCurrentAsync(AppDbContext db, Instant now, CancellationToken cancellationToken = default)
    {
        var settings = JsonSerializer.Serialize(configured, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)));
        var latest = await db.PolicyVersions.AsNoTracking().OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || latest.Hash != hash)
        {
            latest = new PolicyVersion { Settings = settings, Hash = hash, EffectiveFrom = now };
            db.PolicyVersions.Add(latest);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(latest).State = EntityState.Detached;
        }
        _known[latest.Id] = Current;
        (_currentId, CurrentEffectiveFrom) = (latest.Id, latest.EffectiveFrom);
    }

    /// <summary>The policy of a version (a clock's, from the ledger).</summary>
    public SafeguardPolicy For(long id) => id == _currentId ? Current : _known.GetOrAdd(id, Load);

    private SafeguardPolicy Load(long id)
    {
        // A version this instance has not seen (another instance's, or an earlier run's) is read once from the database.
        using var scope = scopes.CreateScope();
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AppDbContext>(scope.ServiceProvider);
        var version = db.PolicyVersions.AsNoTracking().SingleOrDefault(v => v.Id == id) ?? throw new InvalidOperationException($"Policy version {id} does not exist.");
        var options = JsonSerializer.Deserialize<PolicyOptions>(version.Settings, Json) ?? throw new InvalidOperationException($"Policy version {id} cannot be read.");
        return options.ToPolicy();
    }
}
