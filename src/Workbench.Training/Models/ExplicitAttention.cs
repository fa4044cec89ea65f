using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models;

/// <summary>
/// Causal attention written out, y = softmax(QKᵀ/√d + M)·V with M = −∞ above the diagonal, for when the probabilities
/// themselves are wanted. It matches <c>scaled_dot_product_attention(is_causal: true)</c> up to rounding, but
/// materialises the (B, nh, T, T) matrix, so models use it only while capturing.
/// </summary>
internal static class ExplicitAttention
{
    // q, k, v: (B, nh, T, hs) -> y (B, nh, T, hs), probabilities (B, nh, T, T) before dropout
    public static (Tensor Y, Tensor Probabilities) Compute(Tensor q, Tensor k, Tensor v, double dropoutP = 0)
    {
        var (T, hs) = (q.shape[2], q.shape[3]);
        using var kT = k.transpose(-2, -1);                                                        // (B, nh, hs, T)
        using var qk = q.matmul(kT);                                                               // (B, nh, T, T)
        using var scores = qk.mul(1.0 / Math.Sqrt(hs));
        using var future = ones(T, T, dtype: ScalarType.Bool, device: q.device).triu(1);          // (T, T), true above the diagonal
        using var masked = scores.masked_fill(future, double.NegativeInfinity);
        var att = softmax(masked, -1);                                                             // (B, nh, T, T)
        if (dropoutP == 0) return (att.matmul(v), att);
        using var dropped = dropout(att, dropoutP, training: true);
        return (dropped.matmul(v), att);
    }
}
