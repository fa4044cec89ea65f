using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Row-wise KL between attention-like maps (B, h, T, T) whose rows are distributions over keys ≤ the query
/// (objectives.md §4.2, §4.3), and the causal relation maps softmax(X Xᵀ/√d) of §4.4.
/// </summary>
internal static class AttentionRows
{
    // Floor under probabilities before the log: causal zeros then give 0·log(tiny) = 0 and a zero gradient, not NaN.
    private const double Tiny = 1e-30;

    /// <summary>
    /// <c>(1/(h·Σ rows)) Σ_heads Σ_rows KL(p_row ‖ q_row)</c> over the query rows where <paramref name="rows"/> (B, T) is
    /// set; p (teacher) and q (student) are (B, h, T, T). 0 when no row is set.
    /// </summary>
    public static Tensor MeanKl(Tensor p, Tensor q, Tensor rows)
    {
        var h = p.shape[1];
        using var log_p = p.clamp_min(Tiny).log();
        using var log_q = q.clamp_min(Tiny).log();
        using var ratio = log_p - log_q;
        using var pointwise = p * ratio;                                 // p = 0 above the diagonal: contributes 0
        using var perRow = pointwise.sum(-1);                            // (B, h, T)
        using var mask = rows.unsqueeze(1).to(perRow.dtype);             // (B, 1, T)
        using var kept = perRow * mask;
        using var total = kept.sum();
        using var count = rows.sum();
        return total / (h * Math.Max(1L, count.item<long>()));
    }

    /// <summary>
    /// Relation maps of MiniLMv2 (objectives.md §4.4): x (B, T, d) re-split into <paramref name="heads"/> heads of width
    /// d_r = d/heads, then <c>softmax(X_r X_rᵀ/√d_r)</c> with the causal mask, (B, heads, T, T).
    /// </summary>
    /// <param name="hidden">Packed rows: (B, 1, T, T) true where a key belongs to another sample (<see cref="Models.PackedLayout.Hidden"/>); null otherwise.</param>
    public static Tensor CausalRelation(Tensor x, long heads, Tensor? hidden = null)
    {
        var (B, T, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var d_r = d / heads;
        using var xr = x.view(B, T, heads, d_r).transpose(1, 2);                                  // (B, A_r, T, d_r)
        using var xT = xr.transpose(-2, -1);                                                      // (B, A_r, d_r, T)
        using var dots = xr.matmul(xT);                                                           // (B, A_r, T, T)
        using var scores = dots.mul(1.0 / Math.Sqrt(d_r));
        using var future = ones(T, T, dtype: ScalarType.Bool, device: x.device).triu(1);         // keys after the query
        using var causal = scores.masked_fill(future, double.NegativeInfinity);
        using var masked = hidden is null ? causal.alias() : causal.masked_fill(hidden, double.NegativeInfinity);   // packed: each sample alone
        return softmax(masked, -1);
    }
}
