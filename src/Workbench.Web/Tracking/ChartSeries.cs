namespace Workbench.Web.Tracking;

/// <summary>
/// One run's trace of one metric, ready for Plotly: x in the chart's axis units (wall time as ISO text, else numbers),
/// the steps behind each x, how many points the range held before downsampling, and the run's step→x map (for live points).
/// A run without points of the metric has an empty trace, so live points have somewhere to go.
/// </summary>
public sealed record ChartSeries(
    int RunId, string RunName, string Metric, string Color, IReadOnlyList<object> X, IReadOnlyList<double> Y,
    IReadOnlyList<long> Steps, long TotalPoints, RunSeriesAxis Axis);

/// <summary>Traces of one chart, cut by one shared bucket grid (<see cref="From"/>..<see cref="To"/> in steps).</summary>
public sealed record ChartData(string Metric, XAxis XAxis, long From, long To, int Buckets, IReadOnlyList<ChartSeries> Series);
