using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Safeguard.Domain.Audit;

/// <summary>What was done with personal data, in the words of DPA 2018 s.62.</summary>
public enum AuditAction
{
    Collection,
    Alteration,
    Consultation,
    Disclosure,
    Combination,
    Erasure,

    /// <summary>A use refused: a role without the permission, or a partner asking for a notice not shared with their agency.</summary>
    Refusal,
}

/// <summary>
/// One entry of the s.62 log: who did what to which record, when and why. <see cref="Subject"/> is the kind of record
/// (child, notice, incident, missing, import) and <see cref="Reference"/> its reference — never personal data itself.
/// <see cref="Change"/> names the change (a unit of work, an import) whose events the entry accounts for; a
/// consultation changes nothing and has none.
/// </summary>
public sealed record AuditFacts(long Sequence, Instant At, string Who, AuditAction Action, string Subject, string Reference, string Justification, Guid? Change = null);

/// <summary>
/// The log's tamper evidence: each entry's hash is an HMAC-SHA-256, under a key held outside the database, of its facts
/// and the previous entry's hash, so changing, removing or reordering any entry breaks every hash after it, and nobody
/// who can only write to the database can compute a hash that fits. Sequences run 1, 2, 3… without gaps.
/// </summary>
public static class AuditChain
{
    public static string Genesis { get; } = new('0', 64);

    /// <summary>The shortest key accepted: as long as the hash.</summary>
    public const int MinimumKeyBytes = 32;

    public static string Hash(byte[] key, string previousHash, AuditFacts f)
    {
        // Each field is length-prefixed, so no choice of text in one field can imitate another.
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     previousHash, f.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), InstantPattern.ExtendedIso.Format(f.At), f.Who,
                     f.Action.ToString(), f.Subject, f.Reference, f.Justification, f.Change?.ToString("N") ?? "",
                 })
            text.Append(field.Length).Append(':').Append(field).Append('\n');
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Checks stored entries in sequence order; returns null when the chain is whole, else the sequence of the first
    /// entry that does not follow from the one before and what is wrong with it.
    /// </summary>
    public static (long Sequence, string Problem)? FirstBreak(byte[] key, IEnumerable<(AuditFacts Facts, string PreviousHash, string Hash)> entries)
    {
        var check = new AuditChainCheck(key);
        foreach (var (facts, previousHash, hash) in entries)
        {
            if (check.Next(facts, previousHash, hash) is { } problem) return (facts.Sequence, problem);
        }
        return null;
    }
}

/// <summary>Checks a chain one entry at a time, in sequence order, so a long log need not be held in memory.</summary>
public sealed class AuditChainCheck(byte[] key)
{
    private long _expected = 1;
    private string _previous = AuditChain.Genesis;

    /// <summary>What is wrong with this entry as the next one, or null when it follows.</summary>
    public string? Next(AuditFacts facts, string previousHash, string hash)
    {
        if (facts.Sequence != _expected) return $"entry {_expected} is missing";
        if (previousHash != _previous) return "it does not follow from the entry before";
        if (AuditChain.Hash(key, previousHash, facts) != hash) return "its contents were changed after it was written";
        _previous = hash;
        _expected++;
        return null;
    }
}
