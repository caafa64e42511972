using System.Globalization;
using CsvHelper;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// <c>safeguard generate</c> writes the three import files with a force's distributions, the same files for the same
/// request every time, which import cleanly in order (notices name incidents in the incident file and agencies in the
/// list); a bad request is refused and writes nothing.
/// </summary>
public sealed class GeneratingImportFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"safeguard-generate-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task TheFiles_AreTheSameForTheSameSeed_HaveTheForcesShape_AndImportCleanly()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        string[] Generate(string dir, int seed) =>
            ["generate", "--incidents", "3000", "--notices", "400", "--missing", "300", "--seed", $"{seed}", "--out", Path.Combine(_root, dir),
             "--end", "2024-02-01", "--days", "365", "--agencies", "GEN-CSC;GEN-HEALTH"];
        var first = await app.RunCliAsync(Generate("a", 7));
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("wrote 3000 incidents, 400 notices and 300 missing episodes", first.Out, StringComparison.Ordinal);
        Assert.Contains("(2023-02-01 to 2024-01-31, 2 clock-change nights)", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await app.RunCliAsync(Generate("b", 7))).ExitCode);
        Assert.Equal(0, (await app.RunCliAsync(Generate("c", 8))).ExitCode);
        foreach (var file in new[] { "incidents.csv", "notices.csv", "missing.csv" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_root, "a", file));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_root, "b", file))); // the same seed, the same file
            Assert.NotEqual(bytes, await File.ReadAllBytesAsync(Path.Combine(_root, "c", file)));
        }

        var incidents = Read(Path.Combine(_root, "a", "incidents.csv"));
        Assert.Equal(3000, incidents.Count);
        double Share(Func<Dictionary<string, string>, bool> which) => incidents.Count(which) / (double)incidents.Count;
        Assert.InRange(Share(r => r["grade"] == "immediate"), 0.09, 0.15);
        Assert.InRange(Share(r => r["grade"] == "priority"), 0.34, 0.42);
        Assert.InRange(Share(r => r["grade"] == "resolution"), 0.12, 0.18);
        Assert.InRange(Share(r => r["children_involved"] == "true"), 0.15, 0.35);
        Assert.InRange(Share(r => r["final_grade"].Length > 0), 0.01, 0.06);
        Assert.Equal(8, incidents.Select(r => r["district"]).Distinct().Count());
        // Busier in the evening than before dawn; a long tail of late arrivals for priority calls.
        int Hour(Dictionary<string, string> r) => int.Parse(r["created_at"].AsSpan(11, 2), CultureInfo.InvariantCulture);
        Assert.True(incidents.Count(r => Hour(r) is >= 18 and < 21) > 2 * incidents.Count(r => Hour(r) is >= 3 and < 6), "evening busier than before dawn");
        var priorityMinutes = incidents.Where(r => r["grade"] == "priority" && r["final_grade"].Length == 0 && r["arrived_at"].Length > 0)
            .Select(r => (DateTimeOffset.Parse(r["arrived_at"], CultureInfo.InvariantCulture) - DateTimeOffset.Parse(r["created_at"], CultureInfo.InvariantCulture)).TotalMinutes).ToList();
        Assert.InRange(priorityMinutes.Count(m => m > 60) / (double)priorityMinutes.Count, 0.15, 0.55);
        // The night the clocks went back: the repeated hour, once in summer time and once in winter time.
        Assert.Contains(incidents, r => r["created_at"].StartsWith("2023-10-29T01:", StringComparison.Ordinal) && r["created_at"].EndsWith("+01:00", StringComparison.Ordinal));
        Assert.Contains(incidents, r => r["created_at"].StartsWith("2023-10-29T01:", StringComparison.Ordinal) && r["created_at"].EndsWith("+00:00", StringComparison.Ordinal));
        // Never a time in the spring gap.
        Assert.DoesNotContain(incidents, r => r["created_at"].StartsWith("2023-03-26T01:", StringComparison.Ordinal));

        var notices = Read(Path.Combine(_root, "a", "notices.csv"));
        Assert.InRange(notices.Count(n => n["incident_reference"].Length > 0), 180, 300); // most follow a child-involved incident
        Assert.Contains(notices, n => n["shared_with"].Contains("GEN-CSC", StringComparison.Ordinal));
        var episodes = Read(Path.Combine(_root, "a", "missing.csv"));
        Assert.True(episodes.GroupBy(e => e["child_reference"]).Max(g => g.Count()) >= 3, "some children go missing again and again");

        // They import as they are, in order: incidents, then the notices about them, then the episodes.
        foreach (var (code, name) in new[] { ("GEN-CSC", "Generated social care (synthetic)"), ("GEN-HEALTH", "Generated health (synthetic)") })
        {
            var added = await app.RunCliAsync("agencies", "add", "--code", code, "--name", name);
            Assert.True(added.ExitCode == 0, added.Out + added.Error);
        }
        foreach (var (kind, file, count) in new[] { ("incidents", "incidents.csv", 3000), ("notices", "notices.csv", 400), ("missing", "missing.csv", 300) })
        {
            var import = await app.RunCliAsync("import", kind, Path.Combine(_root, "a", file));
            Assert.True(import.ExitCode == 0, import.Out + import.Error);
            Assert.Contains($"read {count}, created {count}, updated 0, unchanged 0, skipped 0 invalid", import.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--incidents", "100000001", "--incidents must be from 0 to 100,000,000")]
    [InlineData("--days", "0", "--days must be from 1 to 3653")]
    [InlineData("--end", "1/2/2024", "--end must be a date written yyyy-MM-dd")]
    [InlineData("--agencies", "CSC;no good", "--agencies: the code 'no good' may hold only letters A–Z, digits and - _ . /")]
    public async Task ABadRequest_IsRefused_AndWritesNothing(string option, string value, string said)
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var dir = Path.Combine(_root, "refused");
        var result = await app.RunCliAsync(["generate", "--out", dir, option, value, .. option == "--incidents" ? Array.Empty<string>() : ["--incidents", "10"]], terminal: false);
        Assert.True(result.ExitCode == 2, result.Out + result.Error);
        Assert.Contains(said, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    private static List<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        return rows;
    }
}
