using Npgsql;

namespace Safeguard.Web.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A throwaway database per test. PostgreSQL comes from <c>SAFEGUARD_TEST_POSTGRES</c> (a connection string to a
/// server that scripts/test.sh starts); without it PostgreSQL tests are skipped, except under CI, where they fail.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SAFEGUARD_TEST_POSTGRES";

    private readonly string? _file;
    private readonly string? _adminConnection;
    private readonly string? _name;

    public Provider Provider { get; }
    public string ConnectionString { get; }

    private TestDatabase(Provider provider, string connectionString, string? file, string? adminConnection, string? name)
    {
        (Provider, ConnectionString, _file, _adminConnection, _name) = (provider, connectionString, file, adminConnection, name);
    }

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"safeguard-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file};Pooling=False", file, null, null);
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true but {PostgresVariable} is not set: PostgreSQL tests must run in CI.");
            Assert.Skip($"PostgreSQL is not configured ({PostgresVariable}); scripts/test.sh starts one.");
        }
        var name = "sg_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(provider, builder.ToString(), null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_file + suffix);
        }
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
