using Workbench.Experiments;

namespace Workbench.Training.Trainer;

/// <summary>
/// Collects one step's metric points and hands them to the reporter in one call when the step ends. Batching across
/// steps is the worker's report pump's job alone: a second batching stage here would only add its wait to every point's
/// way to the browser.
/// </summary>
internal sealed class MetricBuffer(ITrainingReporter reporter)
{
    private readonly List<MetricPoint> _points = [];

    public void Add(string name, long step, double value) => _points.Add(new MetricPoint(name, step, value, DateTime.UtcNow));

    /// <summary>The step is done: its points go out now.</summary>
    public void EndStep() => Flush();

    public void Flush()
    {
        if (_points.Count == 0) return;
        reporter.Metrics([.. _points]);
        _points.Clear();
    }
}
