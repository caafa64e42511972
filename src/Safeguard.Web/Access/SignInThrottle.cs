using System.Collections.Concurrent;
using System.Globalization;
using NodaTime;

namespace Safeguard.Web.Access;

/// <summary>
/// Slows a guesser down without locking anyone out. Wrong passwords for one account from one address earn a growing
/// wait before that address may try that account again (none for the first <see cref="FreeTries"/>, then 2, 4, 8 …
/// seconds, at most <see cref="LongestWait"/>); the person themselves, from their own address, is not held back by
/// someone else's guesses. Each address may also post the form only <c>Accounts:SignInsPerMinute</c> times a minute (20).
/// Held in memory on each instance; a right password clears it.
/// </summary>
public sealed class SignInThrottle(IClock clock)
{
    public const int FreeTries = 3;
    public static readonly Duration LongestWait = Duration.FromMinutes(15);
    private const int MostRemembered = 100_000;

    private sealed record Failures(int Count, Instant NextTry);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes a try for this account from this address, counted as wrong until <see cref="Succeeded"/> says otherwise, so
    /// tries sent all at once are counted as they arrive, before any password is checked. Returns how long to wait when
    /// no try may be taken now (zero when it was taken).
    /// </summary>
    public Duration TryBegin(string email, string? address)
    {
        var now = clock.GetCurrentInstant();
        if (_failures.Count >= MostRemembered) Forget(now);
        lock (_failures)
        {
            var key = Key(email, address);
            var count = 0;
            if (_failures.TryGetValue(key, out var failures))
            {
                if (failures.NextTry > now) return failures.NextTry - now;
                count = failures.Count;
            }
            count++;
            var wait = count <= FreeTries ? Duration.Zero : Duration.FromSeconds(Math.Min(Math.Pow(2, count - FreeTries), LongestWait.TotalSeconds));
            _failures[key] = new Failures(count, now + wait);
            return Duration.Zero;
        }
    }

    public void Succeeded(string email, string? address) => _failures.TryRemove(Key(email, address), out _);

    /// <summary>Drops what no longer holds anyone back, so memory stays bounded under a flood of guesses.</summary>
    private void Forget(Instant now)
    {
        foreach (var (key, failures) in _failures)
            if (failures.NextTry + LongestWait < now) _failures.TryRemove(key, out _);
    }

    private static string Key(string email, string? address) => email.Trim().ToUpperInvariant() + "|" + (address ?? "");

    public static string Words(Duration wait) => wait.TotalSeconds < 60
        ? $"{Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds"
        : $"{Math.Ceiling(wait.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes";
}
