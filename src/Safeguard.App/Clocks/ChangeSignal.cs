namespace Safeguard.App.Clocks;

/// <summary>
/// Tells this instance's background services that an incident changed here (created, an event appended, an import),
/// so they need not wait for their next scheduled look. Each service subscribes once; changes made by other instances
/// are seen at the services' idle interval instead.
/// </summary>
public sealed class ChangeSignal
{
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

        /// <summary>Waits for a change or until <paramref name="timeout"/> passes on <paramref name="time"/>.</summary>
        public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var woken = _wake.WaitAsync(linked.Token);
            var delay = Task.Delay(timeout, time, linked.Token);
            await Task.WhenAny(woken, delay);
            await linked.CancelAsync();
            try
            {
                await Task.WhenAll(woken, delay);
            }
            catch (OperationCanceledException)
            {
            }
            cancellationToken.ThrowIfCancellationRequested();
        }

        public void Dispose()
        {
            owner.Remove(this);
            _wake.Dispose();
        }
    }
}
