namespace Workbench.Training.Trainer;

/// <summary>The loss became NaN or infinite; <see cref="Objectives"/> names the terms that did.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(long step, IReadOnlyList<string> objectives, bool isNaN = true)
        : base($"Loss became {(isNaN ? "NaN" : "infinite")} at step {step} ({string.Join(", ", objectives)}).")
    {
        Step = step;
        Objectives = objectives;
    }

    public long Step { get; }
    public IReadOnlyList<string> Objectives { get; }
}
