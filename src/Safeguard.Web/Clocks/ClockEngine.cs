using NodaTime;
using Safeguard.App.Clocks;

namespace Safeguard.Web.Clocks;

/// <summary>
/// The background clock service: a thin loop around <see cref="EscalateDueClocks"/>. It sleeps until the earliest
/// instant any clock needs it (or a change in this instance wakes it), at most <c>Clocks:Engine:IdleSeconds</c>
/// (default 1) so changes made by other instances are seen within that. "Now" comes from the injected time source.
/// </summary>
public sealed class ClockEngine(IServiceProvider services, IClock clock, TimeProvider time, ChangeSignal changes, IConfiguration configuration, ILogger<ClockEngine> logger)
    : BackgroundService
{
    // A breach fires just after its due instant; this keeps the loop from spinning until then.
    private static readonly Duration MinimumWait = Duration.FromMilliseconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = Duration.FromSeconds(configuration.GetValue("Clocks:Engine:IdleSeconds", 1.0));
        using var signal = changes.Subscribe();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Everything in a pass is judged at one instant, and the next wake-up is counted from it too: if time
            // moves on during the pass, the engine looks again at once rather than sleeping past what fell due.
            var now = clock.GetCurrentInstant();
            var wakeAt = now + idle;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var escalate = scope.ServiceProvider.GetRequiredService<EscalateDueClocks>();
                await escalate.RunAsync(now, stoppingToken);
                if (await escalate.NextAsync(stoppingToken) is { } next && next < wakeAt)
                    wakeAt = next > now ? next : now + MinimumWait;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The clock engine failed a pass; it tries again");
            }
            if (!await SleepUntilAsync(signal, clock, time, wakeAt, stoppingToken)) return;
        }
    }

    /// <summary>Sleeps until <paramref name="wakeAt"/> or a change; false when the service is stopping.</summary>
    public static async Task<bool> SleepUntilAsync(ChangeSignal.Subscription signal, IClock clock, TimeProvider time, Instant wakeAt, CancellationToken stoppingToken)
    {
        var delay = wakeAt - clock.GetCurrentInstant();
        if (delay <= Duration.Zero) return true;
        using var waking = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sleeping = signal.WaitAsync(delay.ToTimeSpan(), time, waking.Token);
        // The timer counts from when it was made: if time reached wakeAt meanwhile, wake now.
        if (clock.GetCurrentInstant() >= wakeAt) await waking.CancelAsync();
        try
        {
            await sleeping;
            return true;
        }
        catch (OperationCanceledException)
        {
            return !stoppingToken.IsCancellationRequested;
        }
    }
}
