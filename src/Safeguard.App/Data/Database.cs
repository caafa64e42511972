using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Safeguard.App.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Configuration section <c>Database</c>; the connection string is <c>ConnectionStrings:Safeguard</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public bool AutoMigrate { get; set; } = true;

    /// <summary>
    /// Whether the web application holds its <see cref="SqliteLease"/> while it runs, so that imports on the same SQLite
    /// file are refused. The tests' in-process command line stands for an import made while the application is stopped,
    /// so they turn it off, except where the refusal is what they test.
    /// </summary>
    public bool HoldSqliteLease { get; set; } = true;
    public string ConnectionString { get; set; } = DefaultSqlite;

    public const string DefaultSqlite = "Data Source=data/safeguard.db";

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        configuration.GetSection("Database").Bind(options);
        var cs = configuration.GetConnectionString("Safeguard");
        if (!string.IsNullOrWhiteSpace(cs)) options.ConnectionString = cs;
        else if (options.Provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Safeguard is not set.");
        if (options.Provider == DatabaseProvider.Sqlite) options.ConnectionString = WithBusyTimeout(AnchorSqlitePath(options.ConnectionString));
        return options;
    }

    /// <summary>How long a SQLite command waits for another writer before giving up (the request then answers 503).</summary>
    public const int SqliteBusySeconds = 5;

    /// <summary>The SQLite connection string with <see cref="SqliteBusySeconds"/> as its busy timeout, unless it sets one.</summary>
    public static string WithBusyTimeout(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) return connectionString;
        builder.DefaultTimeout = SqliteBusySeconds;
        return builder.ToString();
    }

    /// <summary>
    /// A relative SQLite path is resolved as <see cref="FromCheckout"/> says, so the web application and the command
    /// line share one database whichever folder they are started from.
    /// </summary>
    public static string AnchorSqlitePath(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || Path.IsPathRooted(builder.DataSource)
            || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
            return connectionString;
        builder.DataSource = FromCheckout(builder.DataSource);
        return builder.ToString();
    }

    /// <summary>
    /// A relative path of the application's own files (the SQLite database, the s.62 log's key and anchor) resolved
    /// against the checkout when the program runs from one (the nearest folder above the program holding
    /// Safeguard.slnx), otherwise against the current directory; an absolute path as it is.
    /// </summary>
    public static string FromCheckout(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Safeguard.slnx"))) return Path.Combine(dir.FullName, path);
        }
        return Path.GetFullPath(path);
    }
}

public static class DatabaseSetup
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> as the provider's subclass. Settings are read when first needed, from the
    /// host's final configuration, so a host (or a test) can set them up to the moment it starts.
    /// </summary>
    public static IServiceCollection AddSafeguardDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = DatabaseOptions.From(sp.GetRequiredService<IConfiguration>());
            if (options.Provider == DatabaseProvider.Sqlite) EnsureSqliteDirectory(options.ConnectionString);
            return options;
        });
        services.AddDbContext<SqliteAppDbContext>((sp, o) => ConfigureSqlite(o, sp.GetRequiredService<DatabaseOptions>().ConnectionString));
        services.AddDbContext<PostgresAppDbContext>((sp, o) => ConfigurePostgres(o, sp.GetRequiredService<DatabaseOptions>().ConnectionString));
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<DatabaseOptions>().Provider switch
        {
            DatabaseProvider.Sqlite => sp.GetRequiredService<SqliteAppDbContext>(),
            DatabaseProvider.Postgres => sp.GetRequiredService<PostgresAppDbContext>(),
        });
        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName));

    internal static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.UseNodaTime()).AddInterceptors(ForgetBrokenConnections.Instance);

    /// <summary>
    /// Readies the database for a host: applies pending migrations when <see cref="DatabaseOptions.AutoMigrate"/> is
    /// on, then records the configured policies as the current versions.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        services.GetRequiredService<Audit.AuditOptions>(); // a key that cannot be used stops the host here, not at the first entry
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // SQLite in write-ahead-log mode: readers never wait for a writer (an import), and a writer never for readers.
        if (options.Provider == DatabaseProvider.Sqlite && !options.ConnectionString.Contains(":memory:", StringComparison.Ordinal))
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        if (options.AutoMigrate)
        {
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(options.Provider == DatabaseProvider.Sqlite ? AppendOnlySqlite : AppendOnlyPostgres, cancellationToken);
        }
        var now = services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant();
        await services.GetRequiredService<Clocks.PolicyVersions>().EnsureCurrentAsync(db, now, cancellationToken);
    }

    // The s.62 log takes inserts only: the database refuses to change or delete an entry, whoever asks; each start puts
    // back triggers dropped or disabled. (Its owner can remove them meanwhile; the keyed chain and the anchor outside the
    // database find what they do then.)
    private const string AppendOnlySqlite = """
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the s.62 log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the s.62 log is append-only'); END;
        """;

    private const string AppendOnlyPostgres = """
        DO $$
        BEGIN
            PERFORM pg_advisory_xact_lock(7549074366060097024);
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_append_only') THEN
                CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''the s.62 log is append-only''; END';
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
                CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
            END IF;
            IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname LIKE 'audit_log_%' AND tgenabled = 'D') THEN
                ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only, ENABLE TRIGGER audit_log_no_truncate;
            END IF;
        END
        $$;
        """;

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:") Directory.CreateDirectory(directory);
    }
}

/// <summary>Used by <c>dotnet ef</c> (scripts/add-migration.sh) to build the SQLite model.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DatabaseSetup.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteAppDbContext(builder.Options);
    }
}

/// <summary>Used by <c>dotnet ef</c> (scripts/add-migration.sh) to build the PostgreSQL model; it never connects.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DatabaseSetup.ConfigurePostgres(builder, "Host=localhost;Database=safeguard_design");
        return new PostgresAppDbContext(builder.Options);
    }
}

/// <summary>
/// When a PostgreSQL command or connection fails because the server went away, the pool's other idle connections are
/// as dead: they are dropped at once, so the first requests after the server is back get fresh connections instead of
/// failing one by one on the stale ones.
/// </summary>
internal sealed class ForgetBrokenConnections : Microsoft.EntityFrameworkCore.Diagnostics.IDbCommandInterceptor, Microsoft.EntityFrameworkCore.Diagnostics.IDbConnectionInterceptor
{
    public static readonly ForgetBrokenConnections Instance = new();

    public void CommandFailed(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandErrorEventData eventData) => Forget(eventData.Exception);

    public Task CommandFailedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionErrorEventData eventData) => Forget(eventData.Exception);

    public Task ConnectionFailedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Forget(Exception exception)
    {
        if (Subjects.DatabaseErrors.IsUnavailable(exception)) Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
