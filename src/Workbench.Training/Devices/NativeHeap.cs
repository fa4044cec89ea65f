using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbench.Training.Devices;

/// <summary>
/// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), after which tensor-sized
/// blocks come from the heap and stay resident when freed: a Llama teacher forward peaked at 2.5× PyTorch's RSS with
/// nothing but freed activations. Pinning the threshold (and so turning off its rise) returns every block of 128 KB
/// or more to the system when libtorch frees it. Workers apply it at start; <c>WORKBENCH_MALLOC_MMAP_THRESHOLD=0</c>
/// keeps glibc's default, another value sets that threshold, and an explicit <c>MALLOC_MMAP_THRESHOLD_</c> wins.
/// </summary>
public static class NativeHeap
{
    public const string Variable = "WORKBENCH_MALLOC_MMAP_THRESHOLD";
    public const int DefaultMmapThreshold = 128 * 1024;
    private const int M_MMAP_THRESHOLD = -3;   // malloc.h

    /// <summary>Pins glibc's mmap threshold as the environment says; returns the threshold set, or null when left to glibc.</summary>
    public static int? Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null) return null;
        var setting = Environment.GetEnvironmentVariable(Variable);
        var threshold = int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : DefaultMmapThreshold;
        if (threshold == 0) return null;
        try
        {
            return mallopt(M_MMAP_THRESHOLD, threshold) == 1 ? threshold : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;   // not glibc (musl has no mallopt): nothing to pin
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
