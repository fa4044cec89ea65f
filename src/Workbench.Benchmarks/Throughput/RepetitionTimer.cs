using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>Runs a workload a few times to warm up, then times each repetition in its own dispose scope.</summary>
public static class RepetitionTimer
{
    /// <summary>Most repetitions a fast workload gets while filling <c>minSeconds</c>.</summary>
    public const int MaxRepetitions = 200;

    /// <summary>
    /// The median wall time of the timed runs, in seconds: at least <paramref name="repetitions"/> of them, and more (up to
    /// <see cref="MaxRepetitions"/>) until <paramref name="minSeconds"/> of timed work, so a millisecond workload on a
    /// busy machine is not judged by three samples.
    /// </summary>
    public static double MedianSeconds(Action repetition, int warmUp, int repetitions, double minSeconds = 0)
    {
        var times = SortedSeconds(repetition, warmUp, repetitions, minSeconds);
        var n = times.Count;
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }

    /// <summary>The fastest timed run, in seconds (for a peak: what the machine can do when the load lets it).</summary>
    public static double FastestSeconds(Action repetition, int warmUp, int repetitions, double minSeconds = 0) =>
        SortedSeconds(repetition, warmUp, repetitions, minSeconds)[0];

    private static List<double> SortedSeconds(Action repetition, int warmUp, int repetitions, double minSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        for (var i = 0; i < warmUp; i++) Once(repetition);
        var times = new List<double>();
        while (times.Count < repetitions || (times.Sum() < minSeconds && times.Count < MaxRepetitions)) times.Add(Once(repetition));
        times.Sort();
        return times;
    }

    private static double Once(Action repetition)
    {
        using var scope = NewDisposeScope();           // every tensor of the repetition is freed before the next
        var watch = Stopwatch.StartNew();
        repetition();
        return watch.Elapsed.TotalSeconds;
    }
}
