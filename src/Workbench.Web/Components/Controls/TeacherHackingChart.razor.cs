using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Workbench.Experiments;
using Workbench.Experiments.TeacherHacking;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// The run page's teacher-hacking chart (<see cref="TeacherHackingFigure"/>) with the detector's window as a field and a plain
/// sentence per span where the signature holds.
/// </summary>
public sealed partial class TeacherHackingChart
{
    private PlotlyChart? _chart;
    private IList<ITrace> _data = [];
    private Plotly.Blazor.Layout _layout = new();
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private readonly Dictionary<string, List<MetricPoint>> _history = [];
    private IReadOnlyList<TeacherHackingPoint> _points = [];
    private bool _redraw;

    /// <summary>Points already stored, by metric name (the proxy and golden series are read). Required.</summary>
    [Parameter, EditorRequired] public required IReadOnlyDictionary<string, List<MetricPoint>> History { get; set; }

    /// <summary>Evaluations the signature must hold over (<see cref="TeacherHackingSignature"/>). Default 3.</summary>
    [Parameter] public int Window { get; set; } = TeacherHackingSignature.DefaultWindow;

    /// <summary>Where the signature holds, for the current points and window.</summary>
    public IReadOnlyList<TeacherHackingSpan> Spans { get; private set; } = [];

    protected override void OnInitialized()
    {
        foreach (var name in new[] { TeacherHackingMetricNames.ProxyKl, TeacherHackingMetricNames.GoldenKl })
            _history[name] = History.TryGetValue(name, out var points) ? [.. points] : [];
        Rebuild();
    }

    /// <summary>Adds live points; a new proxy or golden evaluation redraws the figure.</summary>
    public async Task AppendAsync(IReadOnlyList<MetricPoint> points)
    {
        var mine = points.Where(p => _history.ContainsKey(p.Name)).ToList();
        if (mine.Count == 0) return;
        foreach (var point in mine) _history[point.Name].Add(point);
        await RedrawAsync();
    }

    private async Task SetWindowAsync(int window)
    {
        Window = Math.Clamp(window, 1, 50);
        await RedrawAsync();
    }

    // New parameters for the Plotly component on this render, then one React call after it (the figure is a few dozen points).
    private Task RedrawAsync()
    {
        Rebuild();
        _redraw = true;
        StateHasChanged();
        return Task.CompletedTask;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_redraw || _chart is null) return;
        _redraw = false;
        try { await _chart.React(); }
        catch (Microsoft.JSInterop.JSDisconnectedException) { }   // the tab is gone
    }

    private void Rebuild()
    {
        _points = TeacherHackingFigure.Points(_history);
        Spans = TeacherHackingSignature.Detect(_points, Window);
        _data = TeacherHackingFigure.Traces(_points);
        _layout = TeacherHackingFigure.Layout(Spans);
    }
}
