using Workbench.Experiments;

namespace Workbench.Training.Trainer;

/// <summary>
/// Linear warmup (by default over the first ~5 % of steps), then cosine or linear decay to 10 % of the peak at the
/// last step, or the peak held constant (nanoGPT's <c>get_lr</c>, with min_lr = peak / 10 as Chinchilla suggests).
/// </summary>
public sealed class LearningRateSchedule
{
    public LearningRateSchedule(double peak, int totalSteps, double warmupFraction = 0.05, double finalFraction = 0.1,
                                string kind = LearningRateSchedules.Cosine, int? warmupSteps = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!LearningRateSchedules.All.Contains(kind))
            throw new ArgumentException($"Unknown schedule '{kind}'. Known: {string.Join(", ", LearningRateSchedules.All)}.", nameof(kind));
        if (warmupSteps is < 0 || warmupSteps > totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "Warmup steps must be between 0 and the number of steps.");
        Peak = peak;
        TotalSteps = totalSteps;
        FinalFraction = finalFraction;
        Kind = kind;
        WarmupSteps = warmupSteps ?? Math.Clamp((int)Math.Round(warmupFraction * totalSteps), 1, totalSteps);
    }

    public double Peak { get; }
    public int TotalSteps { get; }
    public int WarmupSteps { get; }
    public double FinalFraction { get; }
    public string Kind { get; }

    /// <summary>The learning rate of 1-based <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step <= WarmupSteps) return Peak * step / WarmupSteps;
        if (Kind == LearningRateSchedules.Constant) return Peak;
        var progress = Math.Min(1, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));   // (0, 1]
        var decay = Kind == LearningRateSchedules.Linear
            ? 1 - progress                                                                      // 1 -> 0
            : 0.5 * (1 + Math.Cos(Math.PI * progress));                                         // 1 -> 0
        return Peak * (FinalFraction + (1 - FinalFraction) * decay);
    }
}
