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
        if (options.Provider == DatabaseProvider.Sqlite) options.ConnectionString = AnchorSqlitePath(options.ConnectionString);
        return options;
    }

    /// <summary>
    /// A relative SQLite path is resolved against the checkout when the program runs from one (the nearest folder above
    /// the program holding Safeguard.slnx), so the web application and the command line share one database whichever
    /// folder they are started from; otherwise against the current directory.
    /// </summary>
    public static string AnchorSqlitePath(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || Path.IsPathRooted(builder.DataSource)
            || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
            return connectionString;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Safeguard.slnx")))
            {
                builder.DataSource = Path.Combine(dir.FullName, builder.DataSource);
                return builder.ToString();
            }
        }
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        return builder.ToString();
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
        builder.UseNpgsql(connectionString, o => o.UseNodaTime());

    /// <summary>
    /// Readies the database for a host: applies pending migrations when <see cref="DatabaseOptions.AutoMigrate"/> is
    /// on, then records the configured policies as the current versions.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.AutoMigrate) await db.Database.MigrateAsync(cancellationToken);
        var now = services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant();
        await services.GetRequiredService<Clocks.PolicyVersions>().EnsureCurrentAsync(db, now, cancellationToken);
    }

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
