using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Demo;

namespace Safeguard.Web.Hosting;

/// <summary>
/// Before the server takes requests: migrates the database (unless Database:AutoMigrate=false), makes sure the roles
/// exist and, where Demo:Seed is on (Development), seeds the synthetic demo dataset and says how to sign in.
/// </summary>
public sealed class PrepareDatabase(IServiceProvider services, IConfiguration configuration, ILogger<PrepareDatabase> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
