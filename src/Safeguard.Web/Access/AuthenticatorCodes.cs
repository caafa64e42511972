using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.Web.Access;

/// <summary>
/// Checks the six-digit codes of an authenticator app (RFC 6238: 30-second steps, one step either side for a phone's
/// clock) against the application's clock rather than the machine's, as everything else here does. A code is
/// HMAC-SHA-1 because that is what authenticator apps compute; the key is the person's, stored by Identity.
/// </summary>
public sealed class AuthenticatorCodes(IClock clock) : AuthenticatorTokenProvider<SafeguardUser>
{
    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<SafeguardUser> manager, SafeguardUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (key is null || token.Length != 6 || !int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            return false;
        var bytes = FromBase32(key);
        var step = clock.GetCurrentInstant().ToUnixTimeSeconds() / 30;
        var matched = false;
        for (var i = -1; i <= 1; i++) matched |= Code(bytes, step + i) == code;
        return matched;
    }

    private static int Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 as authenticator apps compute it: HMAC-SHA-1 over a 160-bit key (no collision attack applies to HMAC).
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        return (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) continue;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bytes.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
        }
        return [.. bytes];
    }
}
