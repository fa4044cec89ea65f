namespace Workbench.Experiments.Evaluation;

/// <summary>
/// A named evaluation set of a run: a dataset (built-in or <c>imported:&lt;name&gt;</c>) and one of its splits, scored at step 0,
/// every <see cref="RunConfig.EvalEvery"/> steps and at the end. Its metrics are named by <see cref="EvalMetricNames"/>.
/// </summary>
/// <param name="Name">Short name used in metric names and the UI, e.g. "ood" (letters, digits, '_' and '-').</param>
/// <param name="Dataset">The dataset; null = the run's own dataset.</param>
/// <param name="Split">The split to score, e.g. "test", "ood".</param>
/// <param name="Samples">How many samples (the first ones of the split) to score; null = <see cref="DefaultSamples"/>.</param>
public sealed record EvalSet(string Name, string? Dataset, string Split, int? Samples = null)
{
    public const int DefaultSamples = 200;
}
