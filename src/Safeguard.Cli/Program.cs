using Microsoft.Extensions.Configuration;
using Safeguard.Cli;

// The one place the command line reads the system clock: TimeProvider.System, handed to everything else.
var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddJsonFile($"appsettings.{environment}.json", optional: true)
    .AddEnvironmentVariables()
    .Build();
return await SafeguardCli.RunAsync(args, configuration, TimeProvider.System,
    new Console2(Console.Out, Console.Error, !Console.IsErrorRedirected, Console.In));
