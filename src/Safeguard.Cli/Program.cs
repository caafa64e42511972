using Microsoft.Extensions.Configuration;

namespace Safeguard.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        // The one place the command line reads the system clock: TimeProvider.System, handed to everything else.
        return await SafeguardCli.RunAsync(args, configuration, TimeProvider.System,
            new Console2(Console.Out, Console.Error, !Console.IsErrorRedirected, Console.In));
    }
}
