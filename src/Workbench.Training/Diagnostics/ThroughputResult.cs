namespace Workbench.Training.Diagnostics;

/// <summary>One measured case of the training benchmark (a model pair, a workload, a thread count), as plain numbers.</summary>
/// <param name="Pair">The model pair's name.</param>
/// <param name="Case">The workload, e.g. "teacher forward" or "step: ce + forward_kl".</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="TokensPerRepetition">B·T tokens one repetition processes.</param>
/// <param name="SequencesPerRepetition">B sequences one repetition processes.</param>
/// <param name="MedianSeconds">Median wall time of one repetition, after warm-up.</param>
/// <param name="FlopsPerToken">Analytic model FLOPs per token of the workload (<see cref="FlopCount"/>).</param>
/// <param name="PeakRssBytes">The case's process peak resident memory (VmHWM).</param>
/// <param name="BaselineRssBytes">The same process's resident memory after loading libtorch, before building any model.</param>
/// <param name="LocalPeakFlops">
/// The matmul peak measured in the same process right after the case: on a shared machine the cores the case got may
/// differ from those the separate peak measurement got, and this peak saw the same competition.
/// </param>
public sealed record ThroughputResult(
    string Pair, string Case, int Threads, long TokensPerRepetition, int SequencesPerRepetition, double MedianSeconds,
    double FlopsPerToken, long PeakRssBytes, long BaselineRssBytes, double LocalPeakFlops)
{
    public double TokensPerSecond => TokensPerRepetition / MedianSeconds;

    public double MillisecondsPerSequence => 1000 * MedianSeconds / SequencesPerRepetition;

    /// <summary>Model FLOP/s the case achieved.</summary>
    public double AchievedFlops => FlopsPerToken * TokensPerSecond;

    /// <summary>Model FLOPs utilisation: achieved model FLOP/s over a measured peak FLOP/s.</summary>
    public double Utilisation(double peakFlops) => AchievedFlops / peakFlops;
}
