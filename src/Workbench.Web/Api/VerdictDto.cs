using Workbench.Web.Analysis;
using Workbench.Web.Analysis.Verdicts;

namespace Workbench.Web.Api;

/// <summary>A configuration of a verdict: its label, the run ids (by seed) and the seeds.</summary>
public sealed record VerdictConfigurationDto(string Label, int FirstRunId, IReadOnlyList<int> RunIds, IReadOnlyList<int> Seeds);

/// <summary>Mean and 95 % t interval over a sample (null bounds with one value).</summary>
public sealed record IntervalDto(int N, double Mean, double? Sd, double? Low, double? High)
{
    public static IntervalDto? Of(MeanInterval? i) => i is null ? null : new(i.N, i.Mean, i.StandardDeviation, i.Low, i.High);
}

/// <summary>One configuration's value of a metric and its paired difference to the baseline (null for the baseline).</summary>
public sealed record VerdictCellDto(string Configuration, IntervalDto? Value, IntervalDto? Delta, int Unpaired, string Judgement);

public sealed record VerdictRowDto(
    string Metric, string Description, string Section, string Direction, bool IsRate, bool Comparable, string? Reason,
    IReadOnlyList<VerdictCellDto> Cells, IReadOnlyList<string> Sentences);

/// <summary>The verdict over runs: configurations (baseline first), the varied config keys, rows and sentences.</summary>
public sealed record VerdictDto(
    string Baseline, IReadOnlyList<string> Axes, IReadOnlyList<VerdictConfigurationDto> Configurations, IReadOnlyList<VerdictRowDto> Rows,
    IReadOnlyList<string> Sentences)
{
    public static VerdictDto Of(Verdict verdict) => new(
        verdict.Baseline.Label,
        verdict.Grouping.Axes,
        verdict.Configurations.Select(c => new VerdictConfigurationDto(c.Label, c.FirstRunId, c.Runs.Select(r => r.Id).ToList(), c.Seeds)).ToList(),
        verdict.Rows.Select(r => new VerdictRowDto(
            r.Metric, r.Description, r.Section.ToString().ToLowerInvariant(), r.Direction.ToString(), r.IsRate, r.Comparability.Comparable,
            r.Comparability.Reason,
            r.Cells.Select(c => new VerdictCellDto(c.Configuration.Label, IntervalDto.Of(c.Value), IntervalDto.Of(c.Delta?.Interval),
                c.Delta?.Unpaired ?? 0, c.Judgement.ToString().ToLowerInvariant())).ToList(),
            r.Sentences)).ToList(),
        verdict.Sentences);
}
