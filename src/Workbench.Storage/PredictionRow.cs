using Workbench.Experiments.Evaluation;

namespace Workbench.Storage;

/// <summary>One sample with the teacher's answer, the student's before training (step 0) and at the step shown.</summary>
/// <param name="Spans">Gold confounder spans as [start, end) character offsets into <paramref name="Prompt"/>.</param>
public sealed record PredictionRow(int Index, string Prompt, string Gold, int[][] Spans, SamplePrediction? Teacher, SamplePrediction? Before, SamplePrediction? Now);
