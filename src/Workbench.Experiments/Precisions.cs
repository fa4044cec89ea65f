namespace Workbench.Experiments;

/// <summary>
/// The arithmetic of a run's training step (<see cref="RunConfig.Precision"/>): the forwards and the loss run under libtorch's
/// autocast in the lower precision, weights, gradients, AdamW and every softmax stay fp32 (objectives.md §0).
/// </summary>
public static class Precisions
{
    /// <summary>bf16 autocast on CUDA, fp32 on CPU (the default; bit-for-bit reproducible on CPU).</summary>
    public const string Auto = "auto";

    /// <summary>fp32 throughout, on any device.</summary>
    public const string Float32 = "fp32";

    /// <summary>
    /// bf16 autocast on any device: on CPUs with AMX (Intel Sapphire Rapids and later) the step's matmuls run 2–4× faster
    /// than in fp32; on CPUs without bf16 units libtorch emulates it, slower than fp32.
    /// </summary>
    public const string BFloat16 = "bf16";

    public static IReadOnlyList<string> All { get; } = [Auto, Float32, BFloat16];
}
