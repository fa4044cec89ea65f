namespace Workbench.Web.Tracking;

/// <summary>
/// One run's trace of one metric, ready for Plotly: x in the chart's axis units (wall time as ISO text, else numbers),
/// the steps behind each x (for zoom re-queries), and how many points the range held before downsampling.
/// </summary>
public sealed record ChartSeries(
    int RunId, string RunName, string Metric, string Color, IReadOnlyList<object> X, IReadOnlyList<double> Y,
    IReadOnlyList<long> Steps, long TotalPoints);

/// <summary>Traces of one chart, cut by one shared bucket grid (<see cref="From"/>..<see cref="To"/> in steps).</summary>
public sealed record ChartData(string Metric, XAxis XAxis, long From, long To, int Buckets, IReadOnlyList<ChartSeries> Series);
