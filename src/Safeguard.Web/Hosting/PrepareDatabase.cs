using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Demo;

namespace Safeguard.Web.Hosting;

/// <summary>
/// Before the server takes requests: on SQLite takes the application's lease (waiting while an import runs), migrates
/// the database (unless Database:AutoMigrate=false), makes sure the roles exist and, where Demo:Seed is on
/// (Development), seeds the synthetic demo dataset and says how to sign in.
/// </summary>
public sealed class PrepareDatabase(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<PrepareDatabase> logger) : IHostedService, IDisposable
{
    private SqliteLease? _lease;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        // Retention groups that cannot hold every record stop the application here, not at the first record.
        services.GetRequiredService<Safeguard.Domain.Subjects.RetentionSchedule>();
        if (options.HoldSqliteLease) _lease = await TakeLeaseAsync(options, cancellationToken);
        await DatabaseSetup.PrepareAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Users>();
        await users.EnsureRolesAsync();
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            await DemoData.SeedAsync(services, cancellationToken: cancellationToken);
            logger.LogInformation("SYNTHETIC DEMO DATA. Sign in as {Email} (or any role's name @{Domain}) with password {Password}",
                DemoData.EmailFor(Roles.Supervisor), DemoData.Domain, DemoData.Password);
        }
        else if (!users.Any())
        {
            logger.LogWarning("No accounts exist. Create the first administrator: safeguard users add --email EMAIL --role administrator");
        }
        // Records from before review dates were kept (or written by the demo's bulk seeding) are given theirs.
        var db = scope.ServiceProvider.GetRequiredService<App.Data.AppDbContext>();
        if (await App.Retention.RecordRetention.IncompleteAsync(db, cancellationToken))
            logger.LogInformation("Gave {Count} records their retention review dates",
                await scope.ServiceProvider.GetRequiredService<App.Retention.RecordRetention>().ApplyAsync(db, cancellationToken));
    }

    private async Task<SqliteLease> TakeLeaseAsync(DatabaseOptions options, CancellationToken cancellationToken)
    {
        var lease = SqliteLease.TryShared(options);
        if (lease is not null) return lease;
        logger.LogWarning("An import is writing to the SQLite database; the application starts when it has finished");
        using var wait = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while ((lease = SqliteLease.TryShared(options)) is null) await wait.WaitForNextTickAsync(cancellationToken);
        return lease;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lease?.Dispose();
}
