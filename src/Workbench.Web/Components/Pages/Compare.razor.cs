using Microsoft.AspNetCore.Components;
using Workbench.Web.Analysis;
using Workbench.Web.Components.Controls;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Side-by-side runs: one metric overlaid (stable colour per run), the loss decomposition of the baseline, final
/// metrics with coloured deltas to the baseline, and the config comparer. When the runs form an experiment (two or more
/// configurations, or repeated seeds) the verdict leads and the chart can group runs by everything but the seed.
/// All settings live in the URL.
/// </summary>
public sealed partial class Compare
{
    private CompareQuery _query = CompareQuery.Parse(null, null, null, null, null, null, null, null, null);
    private IReadOnlyList<RunRow> _rows = [];
    private IReadOnlyList<string> _metrics = [];
    private IReadOnlyList<SummaryComparisonRow> _summary = [];
    private IReadOnlyList<ConfigDiffRow> _configRows = [];
    private RunRow? _baselineRow;
    private RunConfigurations _grouping = new([], []);
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
    [SupplyParameterFromQuery(Name = "band")] public string? BandParameter { get; set; }
    [SupplyParameterFromQuery(Name = "keys")] public string? KeysParameter { get; set; }

    [Inject] public required RunTableService Table { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        // Query values arrive as text so a hand-edited URL (logy=banana) is ignored instead of failing the page.
        _query = CompareQuery.Parse(RunsParameter, MetricParameter, QueryNumber.Double(SmoothParameter), XParameter,
            QueryNumber.Int(LogXParameter), QueryNumber.Int(LogYParameter), QueryNumber.Int(OutliersParameter),
            QueryNumber.Int(BaselineParameter), QueryNumber.Int(DiffParameter), BandParameter, KeysParameter);
        var runs = string.Join(',', _query.Runs);
        if (runs != _loadedRuns)
        {
            _rows = _query.Runs.Count == 0 ? [] : await Table.LoadManyAsync(_query.Runs);
            _metrics = RunTableService.MetricKeys(_rows);
            _grouping = ConfigurationGrouping.Group(_rows);
            _loadedRuns = runs;
        }
        if (!_metrics.Contains(_query.Metric)) _metrics = [.. _metrics, _query.Metric];
        // The chosen run; else the first run of the verdict's default baseline configuration; else the first run.
        _baselineRow = _rows.FirstOrDefault(r => r.Id == _query.Baseline)
            ?? (_grouping.IsExperiment ? _rows.FirstOrDefault(r => r.Id == Analysis.Verdicts.VerdictBuilder.DefaultBaseline(_grouping).FirstRunId) : null)
            ?? _rows.FirstOrDefault();
        var summary = SummaryComparison.Build(_rows, _baselineRow?.Id);
        // With a verdict on the page, detection-quality and system metrics live in its collapsed sections.
        _summary = _grouping.IsExperiment
            ? summary.Where(r => MetricKinds.SectionOf(r.Metric) is not (MetricSection.Detection or MetricSection.System)).ToList()
            : summary;
        _configRows = ConfigDiffer.Compare(_rows.Select(r => r.Config).ToList(), _query.DifferencesOnly);
    }

    private void SelectVerdictBaseline(string key)
    {
        if (_grouping.Find(key) is { } configuration) Update(_query with { Baseline = configuration.FirstRunId });
    }

    private void UpdateChart(ChartSettings settings) => Update(_query with { Settings = settings });

    // The URL is the state: navigating re-runs OnParametersSetAsync with the new query.
    private void Update(CompareQuery query) => Navigation.NavigateTo(query.ToUrl(), replace: true);
}
