namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// One configuration's value of one metric: mean and interval over its runs (null when none has the metric), and
/// for a non-baseline configuration the paired difference to the baseline and its judgement. <see cref="Judgement"/> is
/// Better or Worse only when the metric is comparable, has a direction, and the difference's interval excludes 0.
/// </summary>
public sealed record VerdictCell(RunConfiguration Configuration, MeanInterval? Value, PairedDifference? Delta, DeltaVerdict Judgement);
