namespace Workbench.Web.Tracking;

/// <summary>
/// One configuration's trace on a grouped chart: per bucket of the shared grid the mean over its runs, the band's
/// low and high (min–max, or the 95 % t interval; the mean itself where only one run has a value) and how many runs had one.
/// </summary>
public sealed record BandSeries(
    string Label, string Color, IReadOnlyList<int> RunIds, IReadOnlyList<long> Steps, IReadOnlyList<object> X,
    IReadOnlyList<double> Mean, IReadOnlyList<double> Low, IReadOnlyList<double> High, IReadOnlyList<int> Runs);

/// <summary>A grouped chart's traces, cut by one shared bucket grid.</summary>
public sealed record BandChartData(string Metric, XAxis XAxis, ChartBand Band, long From, long To, int Buckets, IReadOnlyList<BandSeries> Series);
