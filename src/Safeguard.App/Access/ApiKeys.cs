using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

public sealed record IssuedApiKey(long Id, string Name, string Role, string Secret);

public sealed record ApiKeyIdentity(long Id, string Name, string Role);

/// <summary>
/// API keys for machine clients. A key is <c>sg_{prefix}_{secret}</c>: the prefix finds the row, and only a SHA-256
/// hash of the whole key is stored (a 256-bit random secret needs no slow hash). The key is shown once.
/// </summary>
public sealed class ApiKeys(AppDbContext db, IClock clock)
{
    public async Task<IssuedApiKey> CreateAsync(string name, string role, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An API key needs a name.", nameof(name));
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"sg_{prefix}_{secret}";
        var row = new ApiKey { Name = name.Trim(), Prefix = prefix, Hash = Hash(key), Role = role, CreatedAt = clock.GetCurrentInstant() };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(row.Id, row.Name, role, key);
    }

    public async Task<ApiKeyIdentity?> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "sg") return null;
        var prefix = parts[1];
        var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || row.RevokedAt is not null) return null;
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(row.Hash));
        return matches ? new ApiKeyIdentity(row.Id, row.Name, row.Role) : null;
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null) return false;
        row.RevokedAt ??= clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
