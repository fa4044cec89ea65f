using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbench.Training.Devices;

/// <summary>
/// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), after which tensor-sized
/// blocks come from the heap and stay resident when freed: a Llama teacher forward peaks at ~2× PyTorch's RSS with
/// nothing but freed activations. Pinning the threshold returns every block at or above it to the system when libtorch
/// frees it, but each new block is then fresh pages: measured on the Llama pair, 128 KB brought the teacher forward from
/// ~0.9 GB to 0.43 GB for ~5–8 % of its time, and the distillation step from 1.19 to 0.80 GB for ~35 % more CPU (six
/// times the system time, 490 k page faults a step). So it is opt-in: <c>WORKBENCH_MALLOC_MMAP_THRESHOLD=131072</c> in a
/// worker's environment pins it (for memory-bound runs); unset or 0 keeps glibc's default. An explicit
/// <c>MALLOC_MMAP_THRESHOLD_</c> wins.
/// </summary>
public static class NativeHeap
{
    public const string Variable = "WORKBENCH_MALLOC_MMAP_THRESHOLD";
    private const int M_MMAP_THRESHOLD = -3;   // malloc.h

    /// <summary>Pins glibc's mmap threshold when the environment asks for it; returns the threshold set, or null when left to glibc.</summary>
    public static int? Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null) return null;
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (!int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold == 0) return null;
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
