using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Storage;
using Workbench.Web.Components.Controls;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// One run, live: history from the database first, then the tail from the in-process feed, at most ten
/// refreshes a second however fast the worker reports.
/// </summary>
public sealed partial class RunDetail : IDisposable
{
    private static readonly TimeSpan s_refreshInterval = TimeSpan.FromMilliseconds(100);

    private RunLiveModel? _model;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;
    private MetricChart? _lossChart;
    private MetricChart? _evalLossChart;
    private MetricChart? _accuracyChart;
    private TeacherHackingChart? _teacherHackingChart;
    private bool _hasOracle;
    private IReadOnlyList<string> _lossSeries = [];
    private IReadOnlyList<string> _evalLossSeries = [MetricNames.EvalLoss];
    private IReadOnlyList<string> _accuracySeries = [MetricNames.EvalAccuracy];
    private string _configJson = "";
    private IReadOnlyList<RunDependency> _dependencies = [];
    private int? _groupId;
    private bool _notFound;
    private bool _cancelling;
    private bool _resuming;
    private bool _reloadedAfterFinish;
    private bool _logLoss;
    private bool _isLeaf;
    private bool _isOnPolicy;
    private bool _hasEvalSets;
    private IReadOnlyDictionary<string, List<MetricPoint>> _chartHistory = new Dictionary<string, List<MetricPoint>>();

    [Parameter] public int RunId { get; set; }

    [Inject] public required RunStore Store { get; init; }
    [Inject] public required Tracking.RunHistoryLoader History { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required RunService Runs { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required ILogger<RunDetail> Logger { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var run = await Store.GetAsync(RunId);
        if (run is null)
        {
            _notFound = true;
            return;
        }
        var model = new RunLiveModel(run);
        if (RendererInfo.IsInteractive)
        {
            // Subscribe before reading history; the model holds early events back until the history is in.
            _throttler = new CallbackThrottler(() => InvokeAsync(FlushAsync), s_refreshInterval, Time, Logger);
            _subscription = Feed.Subscribe(RunId, e =>
            {
                if (e is ReportingHostChanged) { if (model.HoldForHistory()) _ = ReadMissedAsync(model); }
                else if (model.Apply(e)) _throttler.Notify();
            });
        }
        var config = RunConfigJson.Deserialize(run.ConfigJson);
        _configJson = RunConfigJson.Serialize(config, indented: true);
        _lossSeries = TrainingSeries(config);
        if (config.UsesTeacher) _evalLossSeries = [MetricNames.EvalLoss, MetricNames.EvalTerm(ObjectiveKinds.ForwardKl)];
        _isLeaf = config.Leaf is not null;
        _isOnPolicy = config.Data?.Regime == DataRegimes.OnPolicy;
        _hasEvalSets = config.EvalSets is { Count: > 0 };
        _hasOracle = config.Oracle is not null;
        _dependencies = RunDependency.Of(config);
        _groupId = run.GroupId;
        if (config.UsesTeacher) _accuracySeries = [MetricNames.EvalAccuracy, MetricNames.EvalTop1Agreement];
        // Evaluation sets: their accuracy and how often the model copies a confounder, beside accuracy.
        foreach (var set in config.EvalSets ?? [])
            _accuracySeries = [.. _accuracySeries, EvalMetricNames.For(set.Name, EvalMetricNames.Accuracy), EvalMetricNames.For(set.Name, EvalMetricNames.CopyRate)];
        // Runs from before evaluation sets reported the distractor benchmark's out-of-distribution split under fixed names.
        if (config.EvalSets is null && BuiltInDatasets.HasDistractors(config.Dataset))
            _accuracySeries = [.. _accuracySeries, Experiments.Leaf.LeafMetricNames.EvalOodAccuracy, Experiments.Leaf.LeafMetricNames.EvalOodCopyRate];
        // Downsampled per metric (min/max per step bucket), so a million points open in well under a second.
        model.LoadHistory(await History.LoadAsync(RunId));
        _chartHistory = model.SnapshotForNewCharts();
        _model = model;
        _throttler?.Notify();   // live points that arrived while the history loaded
    }

    // The run's worker failed over to this host: what its dead host stored but never relayed is in the database only. Runs
    // off the renderer like live events (the model locks; the throttler dispatches the redraw) and never throws, so the
    // feed callback does not await it.
    private async Task ReadMissedAsync(RunLiveModel model)
    {
        IReadOnlyList<MetricPoint> history = [];
        try
        {
            history = await History.LoadAsync(RunId);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Run {RunId}: reading its history again after a host change failed; live points go on", RunId);
        }
        model.LoadHistory(history);   // also lets the held-back live points through
        _throttler?.Notify();
    }

    // The weighted objective and its terms: eval cross-entropy is another quantity and has its own chart.
    private static IReadOnlyList<string> TrainingSeries(RunConfig config)
    {
        List<string> series = [MetricNames.TrainLoss];
        if (config.Objectives.Count > 1) series.AddRange(config.Objectives.Select(o => MetricNames.TrainTerm(o.Kind)));
        if (config.Leaf is not null) series.AddRange([Experiments.Leaf.LeafMetricNames.TrainKd, Experiments.Leaf.LeafMetricNames.TrainCd]);
        return series;
    }

    private async Task FlushAsync()
    {
        if (_model is null) return;
        var points = _model.TakePending();
        try
        {
            if (points.Count > 0)
            {
                if (_lossChart is not null) await _lossChart.AppendAsync(points);
                if (_evalLossChart is not null) await _evalLossChart.AppendAsync(points);
                if (_accuracyChart is not null) await _accuracyChart.AppendAsync(points);
                if (_teacherHackingChart is not null) await _teacherHackingChart.AppendAsync(points);
            }
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
            return;   // the tab is gone
        }
        if (_model.Run.Status.IsTerminal() && !_reloadedAfterFinish)
        {
            _reloadedAfterFinish = true;   // pick up checkpoints and the finish time
            if (await Store.GetAsync(RunId) is { } finished)
            {
                _model.Run.Checkpoints = finished.Checkpoints;
                _model.Run.StartedAt = finished.StartedAt;
                _model.Run.FinishedAt = finished.FinishedAt;
                _model.Run.Step = finished.Step;
                _model.Run.Device = finished.Device;
                _model.Run.ParameterCount = finished.ParameterCount;
            }
        }
        StateHasChanged();
    }

    // A new axis type means new charts, drawn from everything received so far.
    private void SetLogLoss(bool value)
    {
        _chartHistory = _model!.SnapshotForNewCharts();
        _logLoss = value;
    }

    private async Task CancelAsync()
    {
        _cancelling = true;
        var accepted = await Runs.CancelAsync(RunId);
        Snackbar.Add(accepted ? "Cancelling run…" : "The run has already finished.", accepted ? Severity.Info : Severity.Warning);
    }

    // Stopped with a resumable checkpoint on disk; the checkpoints are re-read once the run has finished.
    private bool CanResume => _model is { } model && RunService.CanResume(model.Run);

    private async Task ResumeAsync()
    {
        _resuming = true;
        var result = await Runs.ResumeAsync(RunId);
        if (result == ResumeResult.Resumed)
        {
            Navigation.Refresh(forceReload: true);   // charts restart from the stored points, without those after the checkpoint
            return;
        }
        _resuming = false;
        Snackbar.Add(result switch
        {
            ResumeResult.NoCheckpoint => "The run has no resumable checkpoint.",
            ResumeResult.OverMemoryBudget => "The run needs more memory than the budget allows (Workbench:MemoryBudgetMb).",
            _ => "This run cannot resume now.",
        }, Severity.Warning);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
