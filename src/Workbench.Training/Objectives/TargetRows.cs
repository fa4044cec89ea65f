using Workbench.Training.Data;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>Shared shape checks and the target mask m = (labels != −100) of objectives.md §0.</summary>
internal static class TargetRows
{
    public static void CheckShapes(Tensor logits, Tensor labels, string name)
    {
        if (logits.dim() != 3) throw new ArgumentException($"{name} must be (B, T, V); got {logits.dim()} dimensions.");
        if (labels.dim() != 2 || labels.shape[0] != logits.shape[0] || labels.shape[1] != logits.shape[1])
            throw new ArgumentException($"Labels must be (B, T) = ({logits.shape[0]}, {logits.shape[1]}); got ({string.Join(", ", labels.shape)}).");
    }

    /// <summary>(B, T) bool: positions that have a target.</summary>
    public static Tensor Mask(Tensor labels) => labels.ne(Batch.IgnoreIndex);

    /// <summary>The rows of (B, T, V) <paramref name="logits"/> where <paramref name="mask"/> is set, as fp32 (N, V).</summary>
    /// <remarks>Only answer positions carry a target, so selecting them first makes every softmax ~10× smaller.</remarks>
    public static Tensor Select(Tensor logits, Tensor mask)
    {
        using var rows = logits.index([mask]);                    // (N, V)
        return rows.to(ScalarType.Float32);                         // objectives.md §0: fp32 before any softmax
    }
}
