namespace Workbench.Training.Trainer;

/// <summary>
/// Linear warmup over the first ~5 % of steps, then cosine decay to 10 % of the peak at the last step
/// (nanoGPT's <c>get_lr</c>, with min_lr = peak / 10 as Chinchilla suggests).
/// </summary>
public sealed class LearningRateSchedule
{
    public LearningRateSchedule(double peak, int totalSteps, double warmupFraction = 0.05, double finalFraction = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        Peak = peak;
        TotalSteps = totalSteps;
        FinalFraction = finalFraction;
        WarmupSteps = Math.Clamp((int)Math.Round(warmupFraction * totalSteps), 1, totalSteps);
    }

    public double Peak { get; }
    public int TotalSteps { get; }
    public int WarmupSteps { get; }
    public double FinalFraction { get; }

    /// <summary>The learning rate of 1-based <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step <= WarmupSteps) return Peak * step / WarmupSteps;
        var progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);       // (0, 1]
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));             // 1 -> 0
        return Peak * (FinalFraction + (1 - FinalFraction) * cosine);
    }
}
