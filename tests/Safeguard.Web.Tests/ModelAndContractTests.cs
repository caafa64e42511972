using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class ModelAndContractTests
{
    [Fact]
    public void Sqlite_HasNoPendingModelChanges()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the SQLite model has changed.");
    }

    [Fact]
    public void Postgres_HasNoPendingModelChanges()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the PostgreSQL model has changed.");
    }

    /// <summary>
    /// The served OpenAPI document is committed (docs/openapi/v1.json). Set UPDATE_OPENAPI=1 to rewrite it after a
    /// deliberate API change.
    /// </summary>
    [Fact]
    public async Task OpenApiDocument_MatchesTheCommittedOne()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var client = await app.CreateSignedInClientAsync(Safeguard.App.Access.Roles.Analyst); // outside development, for those signed in
        var served = Pretty(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(Repository.Root, "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served);
        }
        Assert.True(File.Exists(path), "docs/openapi/v1.json is missing: run the tests once with UPDATE_OPENAPI=1.");
        Assert.Equal(Pretty(await File.ReadAllTextAsync(path)), served);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Pretty(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented) + "\n";
}
