using System.Diagnostics;
using Workbench.Experiments;

namespace Workbench.Training.Trainer;

/// <summary>
/// Collects a few steps' metric points and hands them to the reporter in one call, never holding a point
/// longer than <see cref="MaxHold"/>: a flush happens once the oldest point would otherwise wait past it
/// (judged with the duration of the last step), so fast steps are batched and slow steps go out one by one.
/// </summary>
internal sealed class MetricBuffer(ITrainingReporter reporter)
{
    public static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(100);

    private readonly List<MetricPoint> _points = [];
    private long _oldestTimestamp;

    public void Add(string name, long step, double value)
    {
        if (_points.Count == 0) _oldestTimestamp = Stopwatch.GetTimestamp();
        _points.Add(new MetricPoint(name, step, value, DateTime.UtcNow));
    }

    /// <summary>Flushes when waiting one more step of <paramref name="stepDuration"/> would hold a point too long.</summary>
    public void EndStep(TimeSpan stepDuration)
    {
        if (_points.Count > 0 && Stopwatch.GetElapsedTime(_oldestTimestamp) + stepDuration >= MaxHold) Flush();
    }

    public void Flush()
    {
        if (_points.Count == 0) return;
        reporter.Metrics([.. _points]);
        _points.Clear();
    }
}
