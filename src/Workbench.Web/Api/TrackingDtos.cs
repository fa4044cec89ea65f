using Workbench.Web.Analysis;
using Workbench.Web.Tracking;

namespace Workbench.Web.Api;

/// <summary>A row of the runs table: run fields, what the researcher added, the flattened config and the last value of every metric.</summary>
public sealed record RunRowDto(
    int Id, string Name, string Status, IReadOnlyList<string> Tags, string? Notes, bool Archived, DateTime CreatedAt,
    IReadOnlyDictionary<string, object?> Config, IReadOnlyDictionary<string, double> Metrics, string? Group = null, int? GroupId = null, string? Worker = null)
{
    public static RunRowDto From(RunRow r) =>
        new(r.Id, r.Name, r.Status.ToString().ToLowerInvariant(), r.Tags, r.Notes, r.Archived, r.CreatedAt, r.Config, r.Metrics, r.Group, r.GroupId, r.Worker);
}

/// <summary>Body of PATCH /api/runs/{id}: fields left null stay as they are.</summary>
public sealed record RunTrackingUpdate(IReadOnlyList<string>? Tags, string? Notes, bool? Archived);

/// <summary>A filter that does not parse: the message and the 1-based column it points at.</summary>
public sealed record FilterErrorDto(string Error, int Column);

/// <summary>A downsampled trace: x (steps, tokens, seconds or ISO wall times), y, and the point count before downsampling.</summary>
public sealed record SeriesDto(int RunId, string Run, string Color, IReadOnlyList<object> X, IReadOnlyList<double> Y, long TotalPoints)
{
    public static SeriesDto From(ChartSeries s) => new(s.RunId, s.RunName, s.Color, s.X, s.Y, s.TotalPoints);
}

/// <summary>A chart's traces on one shared step grid.</summary>
public sealed record ChartDto(string Metric, string X, long From, long To, int Buckets, IReadOnlyList<SeriesDto> Series)
{
    public static ChartDto Of(ChartData d) =>
        new(d.Metric, XAxes.Name(d.XAxis), d.From, d.To, d.Buckets, d.Series.Select(SeriesDto.From).ToList());
}

/// <summary>A comparison: the chart, the config rows (all or differences only) and summary metrics with deltas to the baseline.</summary>
public sealed record ComparisonDto(
    IReadOnlyList<int> Runs, int? Baseline, ChartDto Chart, IReadOnlyList<ConfigDiffRow> Config, IReadOnlyList<SummaryComparisonRow> Summary);
