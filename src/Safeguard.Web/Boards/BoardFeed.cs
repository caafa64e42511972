using Microsoft.AspNetCore.SignalR;
using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Incidents;
using Safeguard.Web.Clocks;

namespace Safeguard.Web.Boards;

/// <summary>
/// Pushes "changed" to every open board when any incident gains an event: at once for changes made in this instance,
/// and within <c>Boards:IdleSeconds</c> (default 1) for changes made by other instances or the command line, which it
/// sees by watching the newest event's number.
/// </summary>
public sealed class BoardFeed(IServiceProvider services, IHubContext<BoardHub> hub, ChangeSignal changes, IClock clock, TimeProvider time,
    IConfiguration configuration, ILogger<BoardFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = Duration.FromSeconds(configuration.GetValue("Boards:IdleSeconds", 1.0));
        using var signal = changes.Subscribe();
        long? seen = null;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wakeAt = clock.GetCurrentInstant() + idle;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var latest = await scope.ServiceProvider.GetRequiredService<ControlRoomBoard>().LatestChangeAsync(stoppingToken);
                if (!first && latest != seen) await hub.Clients.All.SendAsync("changed", stoppingToken);
                (seen, first) = (latest, false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The board feed failed a pass; it tries again");
            }
            if (!await ClockEngine.SleepUntilAsync(signal, clock, time, wakeAt, stoppingToken)) return;
        }
    }
}
