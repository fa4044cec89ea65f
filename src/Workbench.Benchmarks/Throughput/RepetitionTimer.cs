using System.Diagnostics;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>Runs a workload a few times to warm up, then times each repetition in its own dispose scope.</summary>
public static class RepetitionTimer
{
    /// <summary>The median wall time of <paramref name="repetitions"/> timed runs, in seconds.</summary>
    public static double MedianSeconds(Action repetition, int warmUp, int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        for (var i = 0; i < warmUp; i++) Once(repetition);
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++) times[i] = Once(repetition);
        Array.Sort(times);
        return repetitions % 2 == 1 ? times[repetitions / 2] : (times[repetitions / 2 - 1] + times[repetitions / 2]) / 2;
    }

    private static double Once(Action repetition)
    {
        using var scope = NewDisposeScope();           // every tensor of the repetition is freed before the next
        var watch = Stopwatch.StartNew();
        repetition();
        return watch.Elapsed.TotalSeconds;
    }
}
