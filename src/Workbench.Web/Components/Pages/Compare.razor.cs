using Microsoft.AspNetCore.Components;
using Workbench.Web.Analysis;
using Workbench.Web.Components.Controls;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Side-by-side runs: one metric overlaid (stable colour per run), the loss decomposition of the baseline, final
/// metrics with coloured deltas to the baseline, and the config comparer. All settings live in the URL.
/// </summary>
public sealed partial class Compare
{
    private CompareQuery _query = CompareQuery.Parse(null, null, null, null, null, null, null, null, null);
    private IReadOnlyList<RunRow> _rows = [];
    private IReadOnlyList<string> _metrics = [];
    private IReadOnlyList<SummaryComparisonRow> _summary = [];
    private IReadOnlyList<ConfigDiffRow> _configRows = [];
    private RunRow? _baselineRow;
    private string _loadedRuns = "";

    [SupplyParameterFromQuery(Name = "runs")] public string? RunsParameter { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? MetricParameter { get; set; }
    [SupplyParameterFromQuery(Name = "smooth")] public string? SmoothParameter { get; set; }
    [SupplyParameterFromQuery(Name = "x")] public string? XParameter { get; set; }
    [SupplyParameterFromQuery(Name = "logx")] public string? LogXParameter { get; set; }
    [SupplyParameterFromQuery(Name = "logy")] public string? LogYParameter { get; set; }
    [SupplyParameterFromQuery(Name = "outliers")] public string? OutliersParameter { get; set; }
    [SupplyParameterFromQuery(Name = "baseline")] public string? BaselineParameter { get; set; }
    [SupplyParameterFromQuery(Name = "diff")] public string? DiffParameter { get; set; }

    [Inject] public required RunTableService Table { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        // Query values arrive as text so a hand-edited URL (logy=banana) is ignored instead of failing the page.
        _query = CompareQuery.Parse(RunsParameter, MetricParameter, QueryNumber.Double(SmoothParameter), XParameter,
            QueryNumber.Int(LogXParameter), QueryNumber.Int(LogYParameter), QueryNumber.Int(OutliersParameter),
            QueryNumber.Int(BaselineParameter), QueryNumber.Int(DiffParameter));
        var runs = string.Join(',', _query.Runs);
        if (runs != _loadedRuns)
        {
            _rows = _query.Runs.Count == 0 ? [] : await Table.LoadManyAsync(_query.Runs);
            _metrics = RunTableService.MetricKeys(_rows);
            _loadedRuns = runs;
        }
        if (!_metrics.Contains(_query.Metric)) _metrics = [.. _metrics, _query.Metric];
        _baselineRow = _rows.FirstOrDefault(r => r.Id == _query.Baseline);
        _summary = SummaryComparison.Build(_rows, _query.Baseline);
        _configRows = ConfigDiffer.Compare(_rows.Select(r => r.Config).ToList(), _query.DifferencesOnly);
    }

    private void UpdateChart(ChartSettings settings) => Update(_query with { Settings = settings });

    // The URL is the state: navigating re-runs OnParametersSetAsync with the new query.
    private void Update(CompareQuery query) => Navigation.NavigateTo(query.ToUrl(), replace: true);
}
