namespace Workbench.Experiments.Evaluation;

/// <summary>Whose answer a <see cref="SamplePrediction"/> is.</summary>
public static class PredictionModels
{
    /// <summary>The model being trained, at every evaluation.</summary>
    public const string Student = "student";
    /// <summary>The teacher, once per run (step 0).</summary>
    public const string Teacher = "teacher";
}
