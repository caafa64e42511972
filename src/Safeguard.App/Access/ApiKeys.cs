using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

public sealed record IssuedApiKey(long Id, string Name, string Role, IReadOnlyList<string> Scopes, Instant ExpiresAt, string Secret);

public sealed record ApiKeyIdentity(long Id, string Name, string Role, IReadOnlyList<string> Scopes);

public sealed record ApiKeyView(long Id, string Name, string Prefix, string Role, IReadOnlyList<string> Scopes, Instant CreatedAt, Instant ExpiresAt,
    Instant? RevokedAt, string State);

/// <summary>
/// API keys for machine clients. A key is <c>sg_{prefix}_{secret}</c>: the prefix finds the row, and only a SHA-256
/// hash of the whole key is stored (a 256-bit random secret needs no slow hash). The key is shown once. A key acts as a
/// machine role only (<see cref="Roles.Machines"/>), for the scopes it was issued (policies its role allows), until it
/// expires or is revoked; it opens the API only, never the pages.
/// </summary>
public sealed class ApiKeys(AppDbContext db, IClock clock, ApiKeyCache cache)
{
    /// <summary>How long a key lasts unless told otherwise, and the longest it may.</summary>
    public static readonly Duration DefaultLifetime = Duration.FromDays(365);

    public static readonly Duration MaxLifetime = Duration.FromDays(2 * 365);

    /// <summary>The scopes a machine role may be given: the policies that admit it.</summary>
    public static IReadOnlyList<string> ScopesOf(string role) => [.. Policies.Admits.Where(p => p.Value.Contains(role)).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Issues a key for a machine role. <paramref name="scopes"/> empty means every scope the role allows; any other
    /// scope, a person's role, or a lifetime outside a day to <see cref="MaxLifetime"/> is refused.
    /// </summary>
    public async Task<IssuedApiKey> CreateAsync(string name, string role, IReadOnlyCollection<string>? scopes = null, Duration? lifetime = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An API key needs a name.", nameof(name));
        if (name.Trim().Length > 200 || Input.HasControlCharacter(name)) throw new ArgumentException("An API key's name is at most 200 characters of text.", nameof(name));
        if (!Roles.Machines.Contains(role))
            throw new ArgumentException($"An API key acts as a machine role ({string.Join(", ", Roles.Machines)}); people sign in.", nameof(role));
        var allowed = ScopesOf(role);
        var chosen = scopes is { Count: > 0 } ? scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : [.. allowed];
        if (chosen.FirstOrDefault(s => !allowed.Contains(s)) is { } refused)
            throw new ArgumentException($"The scope '{refused}' is not one a {role} key may have: {string.Join(", ", allowed)}.", nameof(scopes));
        var life = lifetime ?? DefaultLifetime;
        if (life < Duration.FromDays(1) || life > MaxLifetime)
            throw new ArgumentException($"An API key lasts from 1 to {MaxLifetime.Days} days.", nameof(lifetime));
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"sg_{prefix}_{secret}";
        var now = clock.GetCurrentInstant();
        var row = new ApiKey
        {
            Name = name.Trim(),
            Prefix = prefix,
            Hash = Hash(key),
            Role = role,
            Scopes = string.Join(' ', chosen),
            CreatedAt = now,
            ExpiresAt = now + life,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(row.Id, row.Name, role, chosen, row.ExpiresAt, key);
    }

    /// <summary>
    /// The key's identity if it is known, unrevoked, unexpired and still a machine role's; otherwise null. A key found
    /// good is believed for <see cref="ApiKeyCache.Freshness"/> without reading it again (a revocation elsewhere takes
    /// effect within that; here at once).
    /// </summary>
    public async Task<ApiKeyIdentity?> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "sg" || parts[1].Length > 32) return null;
        var now = clock.GetCurrentInstant();
        var hash = Hash(presented);
        if (cache.Find(hash, now) is { } known) return known;
        var prefix = parts[1];
        var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || StateOf(row, now) != "active" || !Roles.Machines.Contains(row.Role)) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(row.Hash))) return null;
        var identity = new ApiKeyIdentity(row.Id, row.Name, row.Role, ScopesIn(row));
        cache.Keep(hash, identity, row.ExpiresAt, now);
        return identity;
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var rows = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.Role, ScopesIn(k), k.CreatedAt, k.ExpiresAt, k.RevokedAt, StateOf(k, now)))];
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null) return false;
        row.RevokedAt ??= clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(row.Id);
        return true;
    }

    private static string StateOf(ApiKey key, Instant now) => key.RevokedAt is not null ? "revoked" : now >= key.ExpiresAt ? "expired" : "active";

    private static string[] ScopesIn(ApiKey key) => key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The API keys found good lately, by the hash of the whole key (never the key itself), so a busy client's requests do
/// not each read its row: an entry is believed for <see cref="Freshness"/> and never past the key's expiry.
/// </summary>
public sealed class ApiKeyCache
{
    /// <summary>How long a key found good is believed without reading it again: the longest a revocation elsewhere takes to bite.</summary>
    public static readonly Duration Freshness = Duration.FromSeconds(10);

    private const int MaxEntries = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKeyIdentity Identity, Instant Until)> _keys = new(StringComparer.Ordinal);

    /// <summary>Keys revoked here: a check that read one just before its revocation committed must not keep it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _revoked = new();

    public ApiKeyIdentity? Find(string hash, Instant now) =>
        _keys.TryGetValue(hash, out var entry) && now < entry.Until ? entry.Identity : null;

    public void Keep(string hash, ApiKeyIdentity identity, Instant expiresAt, Instant now)
    {
        if (_keys.Count >= MaxEntries) _keys.Clear();
        _keys[hash] = (identity, Instant.Min(now + Freshness, expiresAt));
        // Checked after writing: a revocation between the row's read and here is seen, whichever ran first.
        if (_revoked.ContainsKey(identity.Id)) _keys.TryRemove(hash, out _);
    }

    public void Forget(long id)
    {
        _revoked[id] = true;
        foreach (var (hash, entry) in _keys)
            if (entry.Identity.Id == id) _keys.TryRemove(hash, out _);
    }
}
