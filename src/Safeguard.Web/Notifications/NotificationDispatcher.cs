using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Notifications;
using Safeguard.Web.Clocks;

namespace Safeguard.Web.Notifications;

/// <summary>A thin loop around <see cref="DeliverNotifications"/>: at once after a change here, else every idle second.</summary>
public sealed class NotificationDispatcher(IServiceProvider services, ChangeSignal changes, IClock clock, TimeProvider time,
    IConfiguration configuration, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = Duration.FromSeconds(configuration.GetValue("Notifications:IdleSeconds", 1.0));
        using var signal = changes.Subscribe();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetCurrentInstant();
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeliverNotifications>().RunAsync(now, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The notification dispatcher failed a pass; it tries again");
            }
            if (!await ClockEngine.SleepUntilAsync(signal, clock, time, now + idle, stoppingToken)) return;
        }
    }
}
