using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Workbench.Experiments;
using Workbench.Web.Analysis;
using Workbench.Web.Live;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// A chart of one metric for one or more runs: server-side min/max downsampling on a grid shared by the runs,
/// a re-query when the user zooms (so detail comes back), and live points through ExtendTraces, throttled to one
/// update a second, with a pause button. The whole series is sent only on load and on zoom, never per tick.
/// </summary>
public sealed partial class TrackedChart : IAsyncDisposable
{
    private static readonly TimeSpan s_liveInterval = TimeSpan.FromSeconds(1);
    // A paused chart buffers this many live points per run; past it, resuming re-queries instead.
    private const int PausedBufferLimit = 50_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<MetricPoint>> _buffered = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<int, long> _lastStep = [];
    private readonly Dictionary<int, DebiasedEma.State> _ema = [];
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private PlotlyChart? _chart;
    private ChartData? _data;
    private List<ITrace> _traces = [];
    private Plotly.Blazor.Layout _layout = new();
    private CallbackThrottler? _throttler;
    private IJSObjectReference? _module;
    private (long From, long To)? _zoom;
    private bool _ready;
    private bool _paused;
    private bool _stale;

    /// <summary>DOM id of the chart. Required.</summary>
    [Parameter, EditorRequired] public required string Id { get; set; }

    /// <summary>Title above the chart. Required.</summary>
    [Parameter, EditorRequired] public required string Title { get; set; }

    /// <summary>Runs drawn, one trace each (two with smoothing), in legend order. Required.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<int> RunIds { get; set; }

    /// <summary>Metric name, e.g. <c>train/loss</c>. Required.</summary>
    [Parameter, EditorRequired] public required string Metric { get; set; }

    /// <summary>Axis, smoothing, log scales, outliers. Read when the chart is created (give it a new @key to change). Default: step axis, raw lines.</summary>
    [Parameter] public ChartSettings Settings { get; set; } = new();

    /// <summary>Charts with the same zoom group zoom together. Default: none.</summary>
    [Parameter] public string? ZoomGroup { get; set; }

    /// <summary>Append points of running runs as they arrive. Default: true.</summary>
    [Parameter] public bool Live { get; set; } = true;

    /// <summary>Trace points per run requested from the server. Default: 1,500.</summary>
    [Parameter] public int Points { get; set; } = ChartQueryService.DefaultPoints;

    [Inject] public required ChartQueryService Charts { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ILogger<TrackedChart> Logger { get; init; }

    /// <summary>The data on screen (for tests and diagnostics).</summary>
    public ChartData? Data => _data;

    private string PointsCaption => _data is null ? "" :
        $"{_data.Series.Sum(s => s.TotalPoints):N0} points, {_data.Series.Sum(s => s.X.Count):N0} shown{(_zoom is null ? "" : " (zoomed)")}{(_paused ? " · paused" : "")}";

    protected override async Task OnInitializedAsync()
    {
        if (Live && RendererInfo.IsInteractive)
        {
            // Subscribe before the query; points the query already returned are dropped by step.
            _throttler = new CallbackThrottler(() => InvokeAsync(FlushAsync), s_liveInterval, Time, Logger);
            foreach (var runId in RunIds) _subscriptions.Add(Feed.Subscribe(runId, OnRunEvent));
        }
        // Prerendering cannot draw a chart; querying there too would double the cost of opening the page.
        if (RendererInfo.IsInteractive) await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var data = await Charts.QueryAsync(RunIds, Metric, Settings.XAxis, Points, _zoom?.From, _zoom?.To);
        lock (_gate)
        {
            foreach (var series in data.Series)
            {
                if (series.Steps.Count > 0) _lastStep[series.RunId] = Math.Max(_lastStep.GetValueOrDefault(series.RunId, long.MinValue), series.Steps[^1]);
                if (Settings.Smoothing > 0)
                {
                    var ema = new DebiasedEma.State(Settings.Smoothing);
                    foreach (var y in series.Y) ema.Next(y);
                    _ema[series.RunId] = ema;
                }
            }
        }
        _data = data;
        var traces = TrackedChartFigure.Traces(data, Settings);
        if (_chart is null)
        {
            _traces = traces;
            _layout = TrackedChartFigure.Layout(data, Settings, yTitle: MetricLabels.Legend(data.Metric));
            return;
        }
        // Same list instance: PlotlyChart holds it as its Data. uirevision keeps the user's zoom across React.
        _traces.Clear();
        _traces.AddRange(traces);
        await _chart.React();
    }

    private void OnRunEvent(RunEvent runEvent)
    {
        if (runEvent is not MetricsArrived arrived) return;
        var mine = arrived.Points.Where(p => p.Name == Metric).ToList();
        if (mine.Count == 0) return;
        lock (_gate)
        {
            if (!_buffered.TryGetValue(arrived.RunId, out var buffer)) _buffered[arrived.RunId] = buffer = [];
            buffer.AddRange(mine);
            if (buffer.Count > PausedBufferLimit)
            {
                buffer.Clear();
                _stale = true;
            }
        }
        _throttler?.Notify();
    }

    private async Task FlushAsync()
    {
        if (_paused || !_ready || _chart is null || _data is null) return;
        bool stale;
        lock (_gate) (stale, _stale) = (_stale, false);
        if (stale)
        {
            lock (_gate) _buffered.Clear();
            await LoadAsync();
            StateHasChanged();
            return;
        }
        var xs = new List<IEnumerable<object>>();
        var ys = new List<IEnumerable<object>>();
        var indices = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < _data.Series.Count; i++)
            {
                var series = _data.Series[i];
                if (!_buffered.Remove(series.RunId, out var points)) continue;
                var last = _lastStep.GetValueOrDefault(series.RunId, long.MinValue);
                var fresh = points.Where(p => p.Step > last).OrderBy(p => p.Step).ToList();
                if (fresh.Count == 0) continue;
                _lastStep[series.RunId] = fresh[^1].Step;
                var x = fresh.Select(p => series.Axis.X(p.Step, p.WallTime)).ToList();
                var (raw, smoothed) = TrackedChartFigure.TraceIndices(i, Settings);
                xs.Add(x);
                ys.Add(fresh.Select(p => (object)p.Value).ToList());
                indices.Add(raw);
                if (smoothed is { } s && _ema.TryGetValue(series.RunId, out var ema))
                {
                    xs.Add(x);
                    ys.Add(fresh.Select(p => (object)ema.Next(p.Value)).ToList());
                    indices.Add(s);
                }
            }
        }
        if (indices.Count == 0) return;
        try
        {
            await _chart.ExtendTraces(xs, ys, indices);
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone.
        }
    }

    private async Task TogglePauseAsync()
    {
        _paused = !_paused;
        if (!_paused) await FlushAsync();
    }

    // Plotly.Blazor's AfterRender is an Action: continue on the renderer's queue.
    private void OnChartRendered()
    {
        if (_ready) return;
        _ready = true;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await _chart!.SubscribeRelayoutEvent();
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/tracked-charts.js");
                await _module.InvokeVoidAsync("attach", Id, ZoomGroup);
                _throttler?.Notify();
            }
            catch (JSDisconnectedException) { }
            catch (JSException ex) { Logger.LogWarning(ex, "Chart {Id}: client behaviour not attached", Id); }
        });
    }

    private void OnRelayout(RelayoutEventData e)
    {
        (long From, long To)? zoom;
        if (e.XRange is [var x0, var x1] && _data is not null) zoom = ZoomRange.ToSteps(_data, Settings, x0, x1);
        else if (e.RawData?.ContainsKey("xaxis.autorange") == true) zoom = null;
        else return;   // a resize or a y-only change: nothing to re-query
        if (zoom == _zoom) return;
        _zoom = zoom;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await LoadAsync();
                StateHasChanged();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private async Task DownloadAsync(string format)
    {
        if (_module is not null) await _module.InvokeVoidAsync("download", Id, format, Metric.Replace('/', '_'));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _throttler?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", Id, ZoomGroup);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException) { }
        }
    }
}
