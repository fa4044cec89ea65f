using static TorchSharp.torch;

namespace Workbench.Training.Devices;

/// <summary>
/// libtorch's intra-op thread count. On a small shared machine libtorch's default (one thread per core) made
/// steps 15–40× slower while the web server and tests competed for the cores (libgomp spin-waits), so runs
/// leave one core free by default.
/// </summary>
public static class ThreadSettings
{
    /// <summary>The thread count a setting means: 0 → max(1, cores − 1); otherwise the setting itself.</summary>
    public static int Resolve(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return threads == 0 ? Math.Max(1, Environment.ProcessorCount - 1) : threads;
    }

    /// <summary>
    /// Applies the setting and returns the thread count used. Call it on the thread that runs the training:
    /// OpenMP keeps the count per thread once that thread has run parallel work.
    /// </summary>
    public static int Apply(int threads)
    {
        var n = Resolve(threads);
        set_num_threads(n);
        return n;
    }
}
