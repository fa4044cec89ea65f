using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Components.Leaf;
using Workbench.Web.Live;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// A LeaF run's intermediates: detection quality against gold spans and baselines, the before/after effect, the
/// token heatmap (live while detection runs) and the attention maps of the probe samples.
/// </summary>
public sealed partial class LeafRun : IDisposable
{
    private const int PageSize = 25;
    private static readonly TimeSpan s_refreshInterval = TimeSpan.FromMilliseconds(500);

    private RunEntity? _run;
    private LeafConfig? _leaf;
    private LeafSummary _summary = new([]);
    private DetectionQuery _query = new(Limit: PageSize);
    private DetectionPage _page = new(0, []);
    private IReadOnlyDictionary<string, PredictionRow> _answers = new Dictionary<string, PredictionRow>();
    private SaliencyView _view = SaliencyView.Difference;
    private AttentionView? _attention;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;
    private int _pageIndex;
    private int _tab;
    private bool _notFound;
    private volatile bool _samplesChanged;
    private volatile bool _attentionChanged;
    private readonly List<MetricPoint> _pendingPoints = [];

    [Parameter] public int RunId { get; set; }

    [Inject] public required RunStore Runs { get; init; }
    [Inject] public required LeafStore Leaf { get; init; }
    [Inject] public required PredictionStore Predictions { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<LeafRun> Logger { get; init; }

    private string? _compareA;
    private string? _compareB;

    // Scorers with flags on some sample of the page (the leaderboard's samples), in the board's order.
    private IReadOnlyList<string> ComparableScorers =>
        [.. _page.Samples.Where(s => s.ScorerSpans is not null).SelectMany(s => s.ScorerSpans!.Keys).Distinct().Order(StringComparer.Ordinal)];

    private IReadOnlyList<string> Compared => [.. new[] { _compareA, _compareB }.OfType<string>().Distinct()];

    private int PageCount => Math.Max(1, (_page.Total + PageSize - 1) / PageSize);

    protected override async Task OnInitializedAsync()
    {
        _run = await Runs.GetAsync(RunId);
        if (_run is null)
        {
            _notFound = true;
            return;
        }
        _leaf = RunConfigJson.Deserialize(_run.ConfigJson).Leaf;
        if (RendererInfo.IsInteractive)
        {
            _throttler = new CallbackThrottler(() => InvokeAsync(RefreshAsync), s_refreshInterval, Time, Logger);
            _subscription = Feed.Subscribe(RunId, OnEvent);
        }
        _summary = new LeafSummary(await Runs.GetMetricsAsync(RunId));
        await LoadPageAsync();
    }

    private void OnEvent(RunEvent e)
    {
        switch (e)
        {
            case SamplesDetected: _samplesChanged = true; break;
            case AttentionCaptured: _attentionChanged = true; break;
            case MetricsArrived arrived:
                lock (_pendingPoints) _pendingPoints.AddRange(arrived.Points.Where(p => p.Name.StartsWith("detect/", StringComparison.Ordinal) || p.Name.StartsWith("eval/", StringComparison.Ordinal)));
                break;
            case StageChanged stage when _run is not null:
                (_run.Stage, _run.StageDone, _run.StageTotal) = (stage.Stage.Stage, stage.Stage.Done, stage.Stage.Total);
                break;
            case ProgressChanged progress when _run is not null:
                (_run.Step, _run.TotalSteps) = (progress.Progress.Step, progress.Progress.TotalSteps);
                break;
            case StatusChanged status when _run is not null:
                _run.Status = status.Status;
                break;
            default: return;
        }
        _throttler?.Notify();
    }

    private async Task RefreshAsync()
    {
        lock (_pendingPoints)
        {
            _summary.Add(_pendingPoints);
            _pendingPoints.Clear();
        }
        // Live samples only move the first page (or a page that is not full yet); later pages stay where the reader is.
        if (_samplesChanged && (_pageIndex == 0 || _page.Samples.Count < PageSize))
        {
            _samplesChanged = false;
            await LoadPageAsync();
        }
        if (_attentionChanged && _attention is not null)
        {
            _attentionChanged = false;
            await _attention.ReloadAsync();
        }
        StateHasChanged();
    }

    private async Task LoadPageAsync()
    {
        _page = await Leaf.GetDetectedAsync(RunId, _query with { Offset = _pageIndex * PageSize });
        _answers = await AnswersByPromptAsync();
    }

    // A detected sample shows its answers when an evaluation set holds the same prompt (its latest evaluation).
    private async Task<IReadOnlyDictionary<string, PredictionRow>> AnswersByPromptAsync()
    {
        var answers = new Dictionary<string, PredictionRow>(StringComparer.Ordinal);
        foreach (var set in await Predictions.SetsAsync(RunId))
            foreach (var row in (await Predictions.GetAsync(RunId, set, null, Experiments.Evaluation.PredictionFilters.All)).Rows)
                answers.TryAdd(row.Prompt, row);
        return answers;
    }

    private async Task SetPageAsync(int page)
    {
        _pageIndex = Math.Max(0, page - 1);
        await LoadPageAsync();
    }

    private async Task SetFlaggedOnly(bool value)
    {
        _query = _query with { FlaggedOnly = value };
        _pageIndex = 0;
        await LoadPageAsync();
    }

    private async Task SetMostPruned(bool value)
    {
        _query = _query with { MostPrunedFirst = value };
        _pageIndex = 0;
        await LoadPageAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
