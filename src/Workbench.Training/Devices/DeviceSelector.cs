using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Training.Devices;

/// <summary>
/// The one place that knows about devices: turns a run's device setting (<c>auto</c>, <c>cpu</c>, <c>cuda</c>) into a
/// libtorch device, opens the bf16 autocast scope (CUDA only) and reports memory.
/// </summary>
public static class DeviceSelector
{
    public static Device Select(string device) => device switch
    {
        "auto" => cuda.is_available() ? CUDA : CPU,
        "cpu" => CPU,
        "cuda" => cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException(
                "The run asks for device 'cuda', but CUDA is not available here (no GPU, or this build ships the CPU-only libtorch). Choose 'auto' or 'cpu'."),
        _ => throw new ArgumentException($"Unknown device '{device}'. Use auto, cpu or cuda.", nameof(device)),
    };

    /// <summary>
    /// The autocast scope for a forward pass on <paramref name="device"/> at a run's <paramref name="precision"/>
    /// (<see cref="Experiments.Precisions"/>): bf16 (no loss scaling needed, unlike fp16) for <c>bf16</c>, and for <c>auto</c>
    /// on CUDA; none for <c>fp32</c>, and for <c>auto</c> on CPU, so CPU runs stay float32 and bit-for-bit reproducible unless asked.
    /// </summary>
    public static AutocastScope Autocast(Device device, string? precision = null) =>
        AutocastType(device, precision) is { } dtype ? AutocastScope.Enter(device.type, dtype) : AutocastScope.None;

    /// <summary>The dtype <see cref="Autocast"/> runs in for <paramref name="precision"/> on <paramref name="device"/>; null = no autocast (fp32).</summary>
    public static ScalarType? AutocastType(Device device, string? precision) => (precision ?? Experiments.Precisions.Auto) switch
    {
        Experiments.Precisions.Float32 => null,
        Experiments.Precisions.BFloat16 => ScalarType.BFloat16,
        Experiments.Precisions.Auto => device.type == DeviceType.CUDA ? ScalarType.BFloat16 : null,
        _ => throw new ArgumentException($"Unknown precision '{precision}'. Use {string.Join(", ", Experiments.Precisions.All)}.", nameof(precision)),
    };

    /// <summary>Memory in use for a run on <paramref name="device"/> (see <see cref="DeviceMemory"/>).</summary>
    public static DeviceMemory Memory(Device device)
    {
        var resident = Environment.WorkingSet;
        if (device.type != DeviceType.CUDA) return new DeviceMemory("cpu", resident);
        try
        {
            return CudaRuntime.MemGetInfo(out var free, out var total) == 0
                ? new DeviceMemory("cuda", resident, (long)(total - free), (long)total)
                : new DeviceMemory("cuda", resident);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return new DeviceMemory("cuda", resident);   // a CUDA runtime under another name: the process figure only
        }
    }

    // The CUDA runtime that the CUDA libtorch package ships; only called on CUDA devices.
    private static class CudaRuntime
    {
        [DllImport("libcudart", EntryPoint = "cudaMemGetInfo")]
        public static extern int MemGetInfo(out nuint free, out nuint total);
    }
}
