using Workbench.Experiments;
using Workbench.Training.Devices;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>Memory as run metrics: the process's resident set, and the GPU's use on CUDA (<see cref="DeviceSelector.Memory"/>).</summary>
internal static class MemoryMetrics
{
    private const double Megabyte = 1024 * 1024;

    public static void AddTo(MetricBuffer metrics, Device device, long step)
    {
        var memory = DeviceSelector.Memory(device);
        metrics.Add(MetricNames.ProcessMemory, step, memory.ProcessResident / Megabyte);
        if (memory.DeviceUsed is { } used) metrics.Add(MetricNames.DeviceMemory, step, used / Megabyte);
    }
}
