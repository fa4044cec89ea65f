using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Training.Devices;

/// <summary>
/// libtorch's autocast for one device type while the scope is open (PyTorch's <c>torch.autocast(device_type, dtype)</c>):
/// matmuls and linear layers run in the lower precision; on CUDA precision-sensitive ops (softmax, log_softmax, norms,
/// losses) stay float32 (libtorch's CUDA op lists; the CPU lists differ). TorchSharp 0.107 exposes no autocast, so this calls libtorch's own <c>at::autocast</c> functions,
/// which libtorch_cpu exports. Autocast state is per thread: open and close the scope on the training thread.
/// Run the forward and the loss inside, <c>backward()</c> outside (as PyTorch's AMP recipe does).
/// </summary>
public sealed class AutocastScope : IDisposable
{
    private readonly DeviceType _device;
    private readonly bool _wasEnabled;
    private readonly sbyte _previousDtype;
    private bool _disposed;

    private AutocastScope(DeviceType device, ScalarType dtype)
    {
        _device = device;
        _wasEnabled = Native.IsEnabled((sbyte)device);
        _previousDtype = Native.GetDtype((sbyte)device);
        Native.SetDtype((sbyte)device, (sbyte)dtype);
        Native.SetEnabled((sbyte)device, true);
        Native.IncrementNesting();
        IsActive = true;
    }

    private AutocastScope() { }

    /// <summary>False for the no-op scope (autocast off, e.g. on CPU).</summary>
    public bool IsActive { get; }

    /// <summary>A scope that does nothing.</summary>
    public static AutocastScope None { get; } = new();

    /// <summary>Turns autocast on for <paramref name="device"/> in <paramref name="dtype"/> until disposed.</summary>
    internal static AutocastScope Enter(DeviceType device, ScalarType dtype) => new(device, dtype);

    /// <summary>Whether libtorch's autocast is on for <paramref name="device"/> on this thread.</summary>
    public static bool IsEnabled(DeviceType device) => Native.IsEnabled((sbyte)device);

    public void Dispose()
    {
        if (!IsActive || _disposed) return;
        _disposed = true;
        // Leaving the outermost scope drops the cached low-precision weight copies, as PyTorch's autocast.__exit__ does.
        if (Native.DecrementNesting() == 0) Native.ClearCache();
        Native.SetEnabled((sbyte)_device, _wasEnabled);
        Native.SetDtype((sbyte)_device, _previousDtype);
    }

    // c10::DeviceType and c10::ScalarType are int8 enums whose values TorchSharp's DeviceType and ScalarType mirror.
    private static class Native
    {
        private const string Lib = "libtorch_cpu";

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE")]
        [return: MarshalAs(UnmanagedType.U1)]
        public static extern bool IsEnabled(sbyte device);

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb")]
        public static extern void SetEnabled(sbyte device, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE")]
        public static extern sbyte GetDtype(sbyte device);

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE")]
        public static extern void SetDtype(sbyte device, sbyte dtype);

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast17increment_nestingEv")]
        public static extern int IncrementNesting();

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast17decrement_nestingEv")]
        public static extern int DecrementNesting();

        [DllImport(Lib, EntryPoint = "_ZN2at8autocast11clear_cacheEv")]
        public static extern void ClearCache();
    }
}
