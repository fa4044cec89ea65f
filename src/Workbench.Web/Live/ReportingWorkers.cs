using System.Collections.Concurrent;

namespace Workbench.Web.Live;

/// <summary>
/// Which runs' workers report to this host, and when they last did: a worker whose own host died fails over to another
/// host, and that host holds the run for as long as the worker keeps reporting (<see cref="Orchestration.RunScheduler"/>).
/// A worker that sent its finished report is done, whatever it said: its run is no longer held for it.
/// </summary>
public sealed class ReportingWorkers(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, (DateTime LastHeard, bool Finished)> _heard = new();

    public void Heard(int runId, bool finished) => _heard[runId] = (time.GetUtcNow().UtcDateTime, finished);

    /// <summary>Runs whose worker reported here within <paramref name="window"/> and has not finished.</summary>
    public IReadOnlyList<int> Live(TimeSpan window)
    {
        var since = time.GetUtcNow().UtcDateTime - window;
        foreach (var (runId, heard) in _heard)
            if (heard.LastHeard < since) _heard.TryRemove(KeyValuePair.Create(runId, heard));   // forgotten, so the map stays small
        return [.. _heard.Where(h => !h.Value.Finished && h.Value.LastHeard >= since).Select(h => h.Key)];
    }
}
