using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models;

/// <summary>
/// Causal attention written out, y = softmax(QKᵀ/√d + M)·V with M = −∞ above the diagonal, for when the probabilities
/// themselves are wanted. It matches <c>scaled_dot_product_attention(is_causal: true)</c> up to rounding, but
/// materialises the (B, nh, T, T) matrix, so models use it only while capturing, or where the fused kernel cannot
/// follow: Gemma's other scale (query_pre_attn_scalar), its soft-capped scores cap·tanh(s / cap), and sliding windows,
/// where M is also −∞ for keys W or more positions back.
/// </summary>
internal static class ExplicitAttention
{
    // q, k, v: (B, nh, T, hs) -> y (B, nh, T, hs), probabilities (B, nh, T, T) before dropout
    /// <param name="scale">The factor on QKᵀ; 1/√hs when null.</param>
    /// <param name="softcap">When set, scores become softcap·tanh(scores / softcap) before the mask (Gemma 2).</param>
    /// <param name="window">When set, position t attends to t − window + 1 .. t only (sliding-window attention).</param>
    /// <param name="mask">An additive mask (B, 1, T, T) on top of the causal one: packed rows' block-diagonal mask (<see cref="PackedLayout.Mask"/>).</param>
    public static (Tensor Y, Tensor Probabilities) Compute(Tensor q, Tensor k, Tensor v, double dropoutP = 0, double? scale = null,
                                                           double? softcap = null, long? window = null, Tensor? mask = null)
    {
        var (T, hs) = (q.shape[2], q.shape[3]);
        using var kT = k.transpose(-2, -1);                                                        // (B, nh, hs, T)
        using var qk = q.matmul(kT);                                                               // (B, nh, T, T)
        using var scaled = qk.mul(scale ?? 1.0 / Math.Sqrt(hs));
        using var scores = softcap is { } cap ? SoftCap(scaled, cap) : scaled.alias();
        using var hidden = Hidden(T, window, q.device);                                            // (T, T), true where a key is out of reach
        using var confined = mask is null ? scores.alias() : scores.add(mask);                    // packed rows: other samples' keys −∞
        using var masked = confined.masked_fill(hidden, double.NegativeInfinity);
        var att = softmax(masked, -1);                                                             // (B, nh, T, T)
        if (dropoutP == 0) return (att.matmul(v), att);
        using var dropped = dropout(att, dropoutP, training: true);
        return (dropped.matmul(v), att);
    }

    /// <summary>cap·tanh(x / cap): x squashed smoothly into (−cap, cap) (Gemma 2's logit soft-capping).</summary>
    public static Tensor SoftCap(Tensor x, double cap)
    {
        using var shrunk = x.div(cap);
        using var squashed = shrunk.tanh();
        return squashed.mul(cap);
    }

    // Future keys, and with a window also keys window or more positions back: k > q or q − k ≥ window.
    private static Tensor Hidden(long T, long? window, Device device)
    {
        using var all = ones(T, T, dtype: ScalarType.Bool, device: device);
        var future = all.triu(1);
        if (window is not { } w || w >= T) return future;
        using (future)
        using (var tooFar = all.tril(-w))
            return future.logical_or(tooFar);
    }
}
