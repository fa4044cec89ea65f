namespace Workbench.Web.Live;

/// <summary>
/// Coalesces bursts of notifications into at most one callback per <see cref="MinInterval"/>: while a call is
/// pending, further notifications are dropped (the callback reads the latest state, so nothing is lost).
/// Same idea as the Aspire dashboard's CallbackThrottler.
/// </summary>
public sealed class CallbackThrottler(Func<Task> callback, TimeSpan minInterval, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private bool _pending;
    private bool _disposed;
    private long _lastRun = long.MinValue;

    public TimeSpan MinInterval { get; } = minInterval;

    public void Notify()
    {
        lock (_gate)
        {
            if (_pending || _disposed) return;
            _pending = true;
        }
        var sinceLast = _lastRun == long.MinValue ? MinInterval : time.GetElapsedTime(_lastRun);
        var delay = sinceLast >= MinInterval ? TimeSpan.Zero : MinInterval - sinceLast;
        _ = RunAfterAsync(delay);
    }

    private async Task RunAfterAsync(TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, time);
            lock (_gate)
            {
                _pending = false;
                if (_disposed) return;
                _lastRun = time.GetTimestamp();
            }
            await callback();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Throttled callback failed");
        }
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
    }
}
