using static TorchSharp.torch;

namespace Workbench.Training.Devices;

/// <summary>Turns a run's device setting (<c>auto</c>, <c>cpu</c>, <c>cuda</c>) into a libtorch device.</summary>
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
}
