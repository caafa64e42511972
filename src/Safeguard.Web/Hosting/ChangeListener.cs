using Npgsql;
using Safeguard.App.Clocks;
using Safeguard.App.Data;

namespace Safeguard.Web.Hosting;

/// <summary>
/// On PostgreSQL, listens on <see cref="ChangeSignal.Channel"/> over a connection of its own and wakes this instance's
/// boards and engine whenever any instance or the command line commits a change, so a board on another instance is
/// told at once rather than at its next poll. It reconnects by itself after the database goes; the services' polling
/// covers the gap. On SQLite it does nothing.
/// </summary>
public sealed class ChangeListener(DatabaseOptions options, ChangeSignal signal, ILogger<ChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    /// <summary>Whether the listener holds a live LISTEN now (for readiness and tests).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Provider != DatabaseProvider.Postgres) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeSignal.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Anything committed while not listening is caught by this first wake-up.
                signal.Notify();
                Listening = true;
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // stopping: Npgsql says so with an exception of its own, not the token's
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Listening for changes stopped ({Error}); trying again in {Seconds} s", e.GetBaseException().GetType().Name, Reconnect.TotalSeconds);
            }
            finally
            {
                Listening = false;
            }
            try
            {
                await Task.Delay(Reconnect, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
