using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Analysis;
using Workbench.Web.Live;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// One group (experiment): its sweep's axes, seeds and baseline, how far its runs are, and a table of its runs with their
/// axis values, seed and key metrics, refreshed at most once a second while they report.
/// </summary>
public sealed partial class GroupDetail : IDisposable
{
    private const int MaxMetricColumns = 8;

    private RunGroupEntity? _group;
    private SweepSpec? _sweep;
    private IReadOnlyDictionary<string, JsonElement>? _baseline;
    private IReadOnlyList<RunRow> _rows = [];
    private IReadOnlyList<string> _metrics = [];
    private bool _notFound;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;

    [Parameter] public int Id { get; set; }

    [Inject] public required GroupStore Groups { get; init; }
    [Inject] public required RunTableService Table { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<GroupDetail> Logger { get; init; }

    private int Total => _rows.Count;

    /// <summary>The configuration the sweep's baseline names (e.g. leaf.mask = none), for the verdict's deltas; found once per load.</summary>
    private string? _baselineKey;
    private int Completed => _rows.Count(r => r.Status == RunStatus.Completed);
    private int Running => _rows.Count(r => r.Status == RunStatus.Running);
    private int Failed => _rows.Count(r => r.Status.IsTerminal() && r.Status != RunStatus.Completed);

    private string CompareLink => $"/compare?runs={string.Join(',', _rows.Take(ChartQueryService.MaxRuns).Select(r => r.Id))}";

    private string RunsTableLink => $"/?filter={Uri.EscapeDataString($"group == \"{_group?.Name}\"")}";

    protected override async Task OnParametersSetAsync()
    {
        if (RendererInfo.IsInteractive && _subscription is null)
        {
            _throttler = new(() => InvokeAsync(ReloadAsync), TimeSpan.FromSeconds(1), Time, Logger);
            _subscription = Feed.Subscribe(null, e => { if (_rows.Any(r => r.Id == e.RunId)) _throttler.Notify(); });
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _group = await Groups.GetAsync(Id);
        _notFound = _group is null;
        if (_group is null) return;
        _sweep = GroupSweep.Parse(_group);
        _baseline = GroupSweep.Baseline(_group);
        _rows = await Table.LoadManyAsync(_group.Runs.Select(r => r.Id).ToList());
        _baselineKey = ConfigurationGrouping.Group(_rows).Configurations
            .FirstOrDefault(c => c.Runs.Any(r => GroupSweep.IsBaseline(_baseline, r.Config)))?.Key;
        _metrics = KeyMetrics(_rows);
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    // Accuracy of every evaluation set first, then the copy rate and attention on confounders: what decides an experiment.
    private static IReadOnlyList<string> KeyMetrics(IReadOnlyList<RunRow> rows)
    {
        var names = RunTableService.MetricKeys(rows);
        static int Rank(string name) => name.EndsWith("accuracy", StringComparison.Ordinal) ? 0
            : name.Contains("copy", StringComparison.Ordinal) ? 1
            : name.EndsWith("cam", StringComparison.Ordinal) || name.EndsWith("cam_share", StringComparison.Ordinal) ? 2
            : name == "eval/loss" ? 3 : 9;
        return names.Where(n => Rank(n) < 9).OrderBy(Rank).ThenBy(n => n, StringComparer.Ordinal).Take(MaxMetricColumns).ToList();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
