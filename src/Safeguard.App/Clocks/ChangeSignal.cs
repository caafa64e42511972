namespace Safeguard.App.Clocks;

/// <summary>
/// Tells this instance's background services that a record changed (created, an event appended, an import), so they
/// need not wait for their next scheduled look. Each service subscribes once. On PostgreSQL every change also
/// announces itself on <see cref="Channel"/> as it commits, and each instance's listener passes that on here, so a
/// change made by another instance or the command line wakes this one too; on SQLite those are seen at the services'
/// idle interval.
/// </summary>
public sealed class ChangeSignal
{
    /// <summary>The PostgreSQL LISTEN/NOTIFY channel changes are announced on.</summary>
    public const string Channel = "safeguard_changes";

    /// <summary>Announces the change being committed to every instance (PostgreSQL delivers it only if the transaction commits).</summary>
    public static async Task AnnounceAsync(Data.AppDbContext db)
    {
        if (db is Data.PostgresAppDbContext)
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, $"SELECT pg_notify('{Channel}', '')");
    }

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public void Notify()
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions) subscription.Wake();
        }
    }

    public Subscription Subscribe()
    {
        var subscription = new Subscription(this);
        lock (_gate) _subscriptions.Add(subscription);
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
    }

    /// <summary>One service's view of the signal: at most one pending wake-up, however many changes came before it looked.</summary>
    public sealed class Subscription(ChangeSignal owner) : IDisposable
    {
        private readonly SemaphoreSlim _wake = new(0, 1);

        internal void Wake()
        {
            try
            {
                if (_wake.CurrentCount == 0) _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change got there first: one wake-up covers both.
            }
        }

        /// <summary>Waits for a change or until <paramref name="timeout"/> passes on <paramref name="time"/>; true when a change woke it.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var woken = _wake.WaitAsync(linked.Token);
            var delay = Task.Delay(timeout, time, linked.Token);
            var first = await Task.WhenAny(woken, delay);
            await linked.CancelAsync();
            try
            {
                await Task.WhenAll(woken, delay);
            }
            catch (OperationCanceledException)
            {
            }
            cancellationToken.ThrowIfCancellationRequested();
            return first == woken;
        }

        public void Dispose()
        {
            owner.Remove(this);
            _wake.Dispose();
        }
    }
}
