using NodaTime;
using Safeguard.Domain.Audit;

namespace Safeguard.Domain.Tests;

public class AuditChainTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static List<(AuditFacts Facts, string PreviousHash, string Hash)> Chain(int n)
    {
        var entries = new List<(AuditFacts, string, string)>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= n; i++)
        {
            var facts = new AuditFacts(i, Instant.FromUtc(2024, 2, 1, 12, i), $"user{i}", AuditAction.Consultation, "child", $"C-{i}", "mash-practitioner: GetChild");
            var hash = AuditChain.Hash(Key, previous, facts);
            entries.Add((facts, previous, hash));
            previous = hash;
        }
        return entries;
    }

    [Fact]
    public void WholeChain_Verifies()
    {
        Assert.Null(AuditChain.FirstBreak(Key, Chain(50)));
        Assert.Null(AuditChain.FirstBreak(Key, []));
    }

    [Fact]
    public void ChangingAnyField_RemovingOrReordering_IsFoundAtThatEntry()
    {
        var changed = Chain(10);
        changed[4] = (changed[4].Facts with { Who = "someone else" }, changed[4].PreviousHash, changed[4].Hash);
        Assert.Equal((5L, "its contents were changed after it was written"), AuditChain.FirstBreak(Key, changed));

        var rehashed = Chain(10); // rewriting one entry's hash as well breaks the link to the next
        var facts = rehashed[4].Facts with { Reference = "C-X" };
        rehashed[4] = (facts, rehashed[4].PreviousHash, AuditChain.Hash(Key, rehashed[4].PreviousHash, facts));
        Assert.Equal((6L, "it does not follow from the entry before"), AuditChain.FirstBreak(Key, rehashed));

        var removed = Chain(10);
        removed.RemoveAt(3);
        Assert.Equal((5L, "entry 4 is missing"), AuditChain.FirstBreak(Key, removed));

        var truncatedFront = Chain(10).Skip(1);
        Assert.Equal((2L, "entry 1 is missing"), AuditChain.FirstBreak(Key, truncatedFront));
    }

    [Fact]
    public void Fields_CannotImitateEachOther()
    {
        var a = new AuditFacts(1, Instant.FromUtc(2024, 1, 1, 0, 0), "ab", AuditAction.Disclosure, "notice", "c", "j");
        var b = a with { Subject = "notic", Reference = "ec" }; // adjacent fields, the same text run together
        a = a with { Subject = "notice", Reference = "c" };
        Assert.NotEqual(AuditChain.Hash(Key, AuditChain.Genesis, a), AuditChain.Hash(Key, AuditChain.Genesis, b));
    }

    [Fact]
    public void AChainRewrittenWithoutTheKey_IsFoundAtTheFirstEntryRewritten()
    {
        // Someone who can write to the database but does not hold the key changes entry 5 and recomputes every hash
        // after it, as an unkeyed chain would have let them.
        var forged = Chain(10);
        var otherKey = new byte[32];
        for (var i = 4; i < forged.Count; i++)
        {
            var facts = i == 4 ? forged[i].Facts with { Who = "someone else" } : forged[i].Facts;
            var previous = forged[i - 1].Hash;
            forged[i] = (facts, previous, AuditChain.Hash(otherKey, previous, facts));
        }
        Assert.Equal((5L, "its contents were changed after it was written"), AuditChain.FirstBreak(Key, forged));
    }
}
