using System.Collections.Concurrent;

namespace Workbench.Web.Live;

/// <summary>
/// In-process fan-out of run events. Publishers never wait on subscribers: handlers must be quick
/// (queue or throttle) and their exceptions are logged, never thrown back at the publisher.
/// </summary>
public sealed class RunEventFeed(ILogger<RunEventFeed> logger)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    /// <summary>Subscribes to one run's events, or to every run's when <paramref name="runId"/> is null.</summary>
    public IDisposable Subscribe(int? runId, Action<RunEvent> handler)
    {
        var subscription = new Subscription(this, runId, handler);
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(RunEvent runEvent)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.RunId is { } id && id != runEvent.RunId) continue;
            try { subscription.Handler(runEvent); }
            catch (Exception ex) { logger.LogError(ex, "A run event subscriber failed on {Event}", runEvent.GetType().Name); }
        }
    }

    private sealed class Subscription(RunEventFeed feed, int? runId, Action<RunEvent> handler) : IDisposable
    {
        public int? RunId { get; } = runId;
        public Action<RunEvent> Handler { get; } = handler;
        public void Dispose() => feed._subscriptions.TryRemove(this, out _);
    }
}
