using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>Rows of (B, T, V) logits picked by flat index (b·T + t), as fp32 (fp64 stays fp64) distributions at temperature T.</summary>
internal static class AlignedRows
{
    /// <summary>(N, V) logits/T at the flat <paramref name="rows"/> (N).</summary>
    public static Tensor Scaled(Tensor logits, Tensor rows, double temperature)
    {
        if (logits.dim() != 3) throw new ArgumentException($"Logits must be (B, T, V); got {logits.dim()} dimensions.");
        using var flat = logits.reshape(-1, logits.shape[2]);                                    // (B·T, V)
        using var picked = flat.index_select(0, rows);                                          // (N, V)
        using var wide = picked.to(picked.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        return wide / temperature;
    }

    public static Tensor Probabilities(Tensor logits, Tensor rows, double temperature)
    {
        using var scaled = Scaled(logits, rows, temperature);
        return softmax(scaled, 1);
    }

    public static Tensor LogProbabilities(Tensor logits, Tensor rows, double temperature)
    {
        using var scaled = Scaled(logits, rows, temperature);
        return log_softmax(scaled, 1);
    }
}
