using Workbench.Experiments;
using Workbench.Storage.Entities;
using Workbench.Web.Live;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// What the run page shows, kept apart from rendering so it can be tested: the run, its metric history and the
/// live points not yet drawn. Live events that arrive before the history is loaded are held back and replayed
/// after it, through a <see cref="MetricTail"/>, so the chart gets neither a gap nor a duplicate. The same holds when a
/// worker fails over to another host (<see cref="HoldForHistory"/>): the history is read again, past what was drawn.
/// </summary>
public sealed class RunLiveModel(RunEntity run)
{
    private readonly Lock _gate = new();
    private readonly MetricTail _tail = new();
    private readonly List<RunEvent> _early = [];
    private readonly List<MetricPoint> _pending = [];
    private readonly Dictionary<string, List<MetricPoint>> _history = [];
    private readonly Dictionary<string, MetricPoint> _latest = [];
    private bool _historyLoaded;
    private bool _historyDrawn;

    public RunEntity Run { get; } = run;

    /// <summary>
    /// Every point received so far, by metric, for charts about to be drawn from scratch. Pending points are
    /// dropped in the same step: they are in the snapshot, and a new chart must not get them twice.
    /// </summary>
    public IReadOnlyDictionary<string, List<MetricPoint>> SnapshotForNewCharts()
    {
        lock (_gate)
        {
            _pending.Clear();
            return _history.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        }
    }

    /// <summary>The newest value of every metric, by name.</summary>
    public IReadOnlyList<MetricPoint> Latest
    {
        get { lock (_gate) return _latest.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(); }
    }

    public TimeSpan? Eta => Run.Status == RunStatus.Running && Run.StepsPerSecond > 0
        ? TimeSpan.FromSeconds((Run.TotalSteps - Run.Step) / Run.StepsPerSecond)
        : null;

    /// <summary>The history, or (after <see cref="HoldForHistory"/>) the history again: points past the tail go to the charts too.</summary>
    public void LoadHistory(IReadOnlyList<MetricPoint> points)
    {
        lock (_gate)
        {
            var fresh = _tail.TakeNew(points);
            foreach (var point in fresh) Record(point);
            if (_historyDrawn) _pending.AddRange(fresh);   // the charts exist already: appended, like live points
            _historyLoaded = _historyDrawn = true;
            foreach (var early in _early) ApplyLocked(early);
            _early.Clear();
        }
    }

    /// <summary>
    /// A host heard the run's worker for the first time (<see cref="ReportingHostChanged"/>: its worker failed over from a
    /// dead host). Points that host stored but never relayed are in the database only, so live events are held back again
    /// until <see cref="LoadHistory"/> has the history once more. True when the caller must read it; false while the first
    /// read is still to come (it covers them).
    /// </summary>
    public bool HoldForHistory()
    {
        lock (_gate)
        {
            if (!_historyLoaded) return false;
            _historyLoaded = false;
            return true;
        }
    }

    /// <summary>Applies a live event; true when anything visible changed.</summary>
    public bool Apply(RunEvent runEvent)
    {
        lock (_gate)
        {
            if (!_historyLoaded)
            {
                _early.Add(runEvent);
                return false;
            }
            return ApplyLocked(runEvent);
        }
    }

    /// <summary>Points that arrived since the last call, for the chart to append.</summary>
    public IReadOnlyList<MetricPoint> TakePending()
    {
        lock (_gate)
        {
            var taken = _pending.ToList();
            _pending.Clear();
            return taken;
        }
    }

    private void Record(MetricPoint point)
    {
        if (!_history.TryGetValue(point.Name, out var series)) _history[point.Name] = series = [];
        series.Add(point);
        _latest[point.Name] = point;
    }

    private bool ApplyLocked(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case MetricsArrived arrived:
                var fresh = _tail.TakeNew(arrived.Points);
                _pending.AddRange(fresh);
                foreach (var point in fresh) Record(point);
                return fresh.Count > 0;
            case ProgressChanged { Progress: var p }:
                Run.Step = p.Step;
                Run.TotalSteps = p.TotalSteps;
                Run.StepsPerSecond = p.StepsPerSecond;
                Run.TokensPerSecond = p.TokensPerSecond;
                if (Run.Status == RunStatus.Queued) Run.Status = RunStatus.Running;
                return true;
            case WorkerStarted { Info: var info }:
                Run.Device = info.Device;
                Run.ParameterCount = info.ParameterCount;
                Run.TotalSteps = info.TotalSteps;
                return true;
            case WorkerPlaced { Location: var location }:
                Run.WorkerLocation = location;
                return true;
            case StageChanged { Stage: var stage }:
                (Run.Stage, Run.StageDone, Run.StageTotal) = (stage.Stage, stage.Done, stage.Total);
                return true;
            case StatusChanged changed:
                Run.Status = changed.Status;
                Run.Error = changed.Error;
                return true;
            default:
                return false;
        }
    }
}
