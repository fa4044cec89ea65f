using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// The machine's practical fp32 peak at the current thread count: a large square matmul (2·n³ FLOPs), its fastest
/// repetition (a peak is what the cores do when other work lets them). The MFU's denominator, so it is measured with
/// the same libtorch and threads as the cases, not taken from a data sheet.
/// </summary>
public static class MatmulPeak
{
    /// <summary>FLOP/s of the fastest n×n by n×n fp32 matmul.</summary>
    public static double Measure(int n, int warmUp, int repetitions, double minSeconds = 0)
    {
        using var generator = new Generator(7);
        using var a = randn([n, n], generator: generator);
        using var b = randn([n, n], generator: generator);
        var seconds = RepetitionTimer.FastestSeconds(() => a.matmul(b), warmUp, repetitions, minSeconds);
        return 2.0 * n * n * n / seconds;
    }
}
