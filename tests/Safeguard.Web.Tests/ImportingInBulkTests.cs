using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// On SQLite an import writes its new incidents in bulk (ADR 0020); on PostgreSQL through the change tracker. Both must
/// leave the same records — the incidents' facts, every event, every clock with its child, the links, the children and
/// their retention dates — for a first import of several batches, and for a second file that changes most of them and
/// adds more, naming children that are new, children made by the first and children made earlier in the same batch.
/// </summary>
public sealed class ImportingInBulkTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"safeguard-bulk-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task TheBulkWriter_LeavesWhatTheTrackedPathLeaves_ForNewChangedAndMixedBatches()
    {
        await using var sqlite = await SafeguardApp.StartAsync(Provider.Sqlite);
        await using var postgres = await SafeguardApp.StartAsync(Provider.Postgres);
        async Task<string> GenerateAsync(string name, int incidents, int seed)
        {
            var dir = Path.Combine(_root, name);
            var result = await sqlite.RunCliAsync("generate", "--incidents", $"{incidents}", "--seed", $"{seed}", "--out", dir, "--end", "2024-02-01", "--days", "120");
            Assert.Equal(0, result.ExitCode);
            return Path.Combine(dir, "incidents.csv");
        }
        // 2,500 rows: three batches. The second file changes the first 2,500 (the same references, other facts) and adds 700.
        var first = await GenerateAsync("first", 2500, 3);
        var second = await GenerateAsync("second", 3200, 4);

        foreach (var (file, expected) in new[] { (first, "read 2500, created 2500, updated 0"), (second, "read 3200, created 700, updated") })
        {
            foreach (var app in new[] { sqlite, postgres })
            {
                var import = await app.RunCliAsync("import", "incidents", file);
                Assert.True(import.ExitCode == 0, import.Out + import.Error);
                Assert.Contains(expected, import.Out, StringComparison.Ordinal);
            }
            var (bulk, tracked) = (await FingerprintAsync(sqlite), await FingerprintAsync(postgres));
            Assert.True(bulk.Length > 100_000, "the fingerprint covers the records");
            Assert.Equal(tracked.Split('\n').Length, bulk.Split('\n').Length);
            Assert.Equal(tracked, bulk);
        }
        // The events written in bulk belong to their import's s.62 entry, as tracked ones do.
        var verify = await sqlite.RunCliAsync("audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        // And an unchanged file changes nothing.
        var again = await sqlite.RunCliAsync("import", "incidents", second);
        Assert.Contains("read 3200, created 0, updated 0, unchanged 3200", again.Out, StringComparison.Ordinal);
    }

    /// <summary>Every incident, event, clock, link and child, by reference (never by key, which the providers give differently).</summary>
    private static Task<string> FingerprintAsync(SafeguardApp app) => app.WithServices(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var sb = new StringBuilder();
        var references = await db.Subjects.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Kind + ":" + s.Reference);
        foreach (var i in await db.Incidents.AsNoTracking().Include(i => i.Children).OrderBy(i => i.Reference).ToListAsync())
        {
            sb.Append($"{i.Reference}|{i.RecordedAt}|{i.EventCount}|{i.Version}|{i.LastActivityAt}|{i.RetentionGroup}|{i.ReviewOn}|{i.CreatedAt}|{i.InitialGrade}|{i.CurrentGrade}|");
            sb.AppendLine($"{i.ChildrenInvolved}|{i.District}|{i.Category}|{i.DispatchedAt}|{i.ArrivedAt}|{i.ClosedAt}|{string.Join(",", i.Children.OrderBy(c => c.Position).Select(c => $"{references[c.ChildId]}@{c.Position}:{c.SeenAt}"))}");
        }
        foreach (var c in (await db.Children.AsNoTracking().ToListAsync()).OrderBy(c => c.Reference, StringComparer.Ordinal))
            sb.AppendLine($"{c.Reference}|{c.RecordedAt}|{c.EventCount}|{c.LastActivityAt}|{c.RetentionGroup}|{c.ReviewOn}|{c.RepeatMissingSince}|{c.EscalatingConcernSince}");
        foreach (var e in (await db.Events.AsNoTracking().ToListAsync()).OrderBy(e => references[e.SubjectId], StringComparer.Ordinal).ThenBy(e => e.Sequence))
            sb.AppendLine($"{references[e.SubjectId]}|{e.Sequence}|{e.Kind}|{e.At}|{e.RecordedAt}|{e.Author}|{e.Reason}|{e.Data}|{e.Change is not null}");
        foreach (var c in (await db.Clocks.AsNoTracking().ToListAsync()).OrderBy(c => references[c.SubjectId], StringComparer.Ordinal).ThenBy(c => c.Kind).ThenBy(c => c.Cycle))
        {
            sb.AppendLine($"{references[c.SubjectId]}|{c.Kind}|{c.Cycle}|{(c.ChildId is { } child ? references[child] : "")}|{c.StartAt}|{c.Target}|{c.WarningAt}|{c.DueAt}|{c.StoppedAt}|"
                + $"{c.StoppedBy}|{c.EndedAt}|{c.WithdrawnAt}|{c.PausedSince}|{c.ClosedAt}|{c.State}|{c.KnownSince}|{c.NextEscalationAt}|{c.FiredSteps}");
        }
        return sb.ToString();
    });
}
