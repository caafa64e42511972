using Microsoft.AspNetCore.SignalR;
using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Incidents;
using Safeguard.Web.Clocks;

namespace Safeguard.Web.Boards;

/// <summary>
/// Pushes "changed" to every open board when any record gains an event, which it sees by watching the newest event's
/// number: at once when woken — by a change in this instance, or on PostgreSQL by any instance's or the command line's
/// (<see cref="Hosting.ChangeListener"/>) — and otherwise every <c>Boards:IdleSeconds</c> as a fallback (default 1 s
/// on SQLite, where the command line cannot wake it; 10 s on PostgreSQL).
/// </summary>
public sealed class BoardFeed(IServiceProvider services, IHubContext<BoardHub> hub, ChangeSignal changes, IClock clock, TimeProvider time,
    IConfiguration configuration, App.Data.DatabaseOptions database, ILogger<BoardFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var fallback = database.Provider == App.Data.DatabaseProvider.Postgres ? 10.0 : 1.0;
        var idle = Duration.FromSeconds(configuration.GetValue("Boards:IdleSeconds", fallback));
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
