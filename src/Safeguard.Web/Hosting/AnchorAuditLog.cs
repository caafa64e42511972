using Safeguard.App.Audit;

namespace Safeguard.Web.Hosting;

/// <summary>
/// Writes the s.62 log's head outside the database (<see cref="AuditAnchor"/>) when the application starts, every
/// <c>Audit:AnchorMinutes</c> while it runs, and as it stops; a head that cannot be read (the database is down) is tried
/// again at the next turn.
/// </summary>
public sealed class AnchorAuditLog(AuditAnchor anchor, AuditOptions options, TimeProvider time, ILogger<AnchorAuditLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await AnchorAsync(stoppingToken);
            try
            {
                await Task.Delay(options.AnchorEvery.ToTimeSpan(), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await AnchorAsync(cancellationToken);
    }

    private async Task AnchorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await anchor.WriteAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The s.62 log's head could not be anchored ({Error}); it is tried again in {Minutes} min",
                e.GetBaseException().GetType().Name, options.AnchorEvery.TotalMinutes);
        }
    }
}
