using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Data;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// Imports beside a running application and beside each other. On SQLite, with its one writer, they take turns through
/// the lease, and whoever cannot have the database is told so in one line with nothing changed; on PostgreSQL they run
/// beside the application, and two imports at once wait their turn and both apply.
/// </summary>
public class ImportingBesideTheApplicationTests
{
    private const string Refusal = "The application or another import is using this SQLite database";

    [Fact]
    public async Task OnSqlite_AnImportWhileTheApplicationRuns_IsRefusedInOneLine_AndRunsOnceTheApplicationHasStopped()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var file = app.WriteFile(Incidents("BESIDE", 3));
        var running = await app.StartAnotherInstanceAsync(new Dictionary<string, string?> { ["Database:HoldSqliteLease"] = "true" });
        try
        {
            var refused = await app.RunCliAsync("import", "incidents", file);
            Assert.Equal(2, refused.ExitCode);
            Assert.StartsWith(Refusal, Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.Equal(0, await app.CountIncidentsAsync());
        }
        finally
        {
            await running.DisposeAsync();
        }
        var imported = await app.RunCliAsync("import", "incidents", file);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Equal(3, await app.CountIncidentsAsync());
    }

    [Fact]
    public async Task OnSqlite_TwoImportsAtOnce_OneApplies_AndTheOtherIsRefusedInOneLine()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, connection: cs => cs + ";Default Timeout=60");
        var (first, second) = (app.WriteFile(Incidents("FIRST", 500)), app.WriteFile(Incidents("SECOND", 500)));
        Task<CliResult> one, two, refused;
        // Another writer holds the database, so whichever import takes the lease is still at work, waiting for it, when
        // the other asks: one is refused, whatever the order they start in.
        await using (var writer = new Microsoft.Data.Sqlite.SqliteConnection(app.ConnectionString))
        {
            await writer.OpenAsync();
            await using (var hold = new Microsoft.Data.Sqlite.SqliteCommand("BEGIN IMMEDIATE", writer)) await hold.ExecuteNonQueryAsync();
            (one, two) = (Task.Run(() => app.RunCliAsync("import", "incidents", first)), Task.Run(() => app.RunCliAsync("import", "incidents", second)));
            refused = await Task.WhenAny(one, two);
            var refusal = await refused;
            Assert.Equal(2, refusal.ExitCode);
            Assert.StartsWith(Refusal, Assert.Single(refusal.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.False((refused == one ? two : one).IsCompleted);
        }
        var applied = await (refused == one ? two : one);
        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal(500, await app.CountIncidentsAsync());

        // While an import holds the lease (here: this test), no other import touches the database, not even to migrate it.
        using (SqliteLease.TryExclusive(app.Services.GetRequiredService<DatabaseOptions>()) ?? throw new InvalidOperationException("the lease is not free"))
            Assert.Equal(2, (await app.RunCliAsync("import", "incidents", refused == one ? first : second)).ExitCode);
        Assert.Equal(500, await app.CountIncidentsAsync());
        Assert.Equal(0, (await app.RunCliAsync("audit", "verify")).ExitCode);
    }

    [Fact]
    public async Task OnPostgres_TwoImportsAtOnce_BothApply_TheSecondFindingTheFirstsRecords()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Postgres);
        using var cc = await app.CreateClientAsync(Safeguard.App.Access.Roles.CommandAndControl);
        var same = Incidents("BOTH", 3000);
        var (one, two, other) = (app.WriteFile(same), app.WriteFile(same), app.WriteFile(Incidents("OTHER", 3000)));

        var results = await Task.WhenAll(new[] { one, two, other }.Select(f => Task.Run(() => app.RunCliAsync("import", "incidents", f))));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        var summaries = results.Select(r => r.Out.Trim().Split('\n')[^1]).ToList();
        // The same file twice: one created its 3,000 incidents, the other, waiting its turn, found them all unchanged.
        Assert.Contains("read 3000, created 3000, updated 0, unchanged 0, skipped 0 invalid", summaries[0..2]);
        Assert.Contains("read 3000, created 0, updated 0, unchanged 3000, skipped 0 invalid", summaries[0..2]);
        Assert.Equal("read 3000, created 3000, updated 0, unchanged 0, skipped 0 invalid", summaries[2]);
        Assert.Equal(6000, await app.CountIncidentsAsync());
        Assert.Equal(6000, await app.ScalarAsync("SELECT count(*) FROM events"));
        Assert.Equal(3, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE \"Subject\" = 'import'"));
        Assert.Equal(0, (await app.RunCliAsync("audit", "verify")).ExitCode);
        // The application answered throughout.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await cc.GetAsync("/api/incidents/BOTH-00001")).StatusCode);
    }

    [Fact]
    public async Task OnPostgres_AnImportWaitingItsTurn_WaitsAsLongAsTheOtherTakes_NotJustACommandsTimeout()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Postgres, connection: cs => cs + ";Command Timeout=1");
        // Another import holds the imports' turn for longer than the command timeout.
        await using var other = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await other.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(x'696D706F7274'::bigint)", other)) await take.ExecuteNonQueryAsync();
        var import = Task.Run(() => app.RunCliAsync("import", "incidents", app.WriteFile(Incidents("TURN", 10))));
        // The database says when the import has been waiting for its turn for three times its command timeout.
        await SafeguardApp.EventuallyAsync(async () => import.IsCompleted || await app.ScalarAsync(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND NOT l.granted AND now() - a.query_start > interval '3 seconds'") > 0,
            "the import waiting its turn", seconds: 60);
        Assert.False(import.IsCompleted, "the import did not wait for the other");
        await using (var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(x'696D706F7274'::bigint)", other)) await release.ExecuteNonQueryAsync();

        var result = await import;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("checked; waiting for another import to finish", result.Error, StringComparison.Ordinal);
        Assert.Equal(10, await app.CountIncidentsAsync());
    }

    private static string Incidents(string prefix, int count)
    {
        var file = new StringBuilder("reference,created_at,grade,children_involved,arrived_at\n");
        for (var i = 0; i < count; i++)
            file.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:D5},2024-01-{1 + i % 28:D2}T10:00:00Z,priority,{(i % 3 == 0 ? "true" : "false")},2024-01-{1 + i % 28:D2}T10:40:00Z\n");
        return file.ToString();
    }
}
