using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// The log-space building blocks of the divergence terms (objectives.md §0, Numerics): KL sums with 0·log 0 = 0 and
/// two-component mixtures through logaddexp. All inputs are log-probabilities over the last dimension.
/// </summary>
internal static class LogSpace
{
    /// <summary>
    /// <c>Σ a·(log a − log b)</c> over every element of <paramref name="logA"/>, <paramref name="logB"/> (N, V): the sum of
    /// KL(a ‖ b) over the rows. Entries with a = 0 contribute 0 (not NaN) to the value and to the gradient.
    /// </summary>
    public static Tensor KlSum(Tensor logA, Tensor logB)
    {
        using var a = logA.exp();
        using var ratio = logA - logB;
        using var zero = a.eq(0);
        // Zero the log-ratio before the product: masking the product instead would send 0·(−∞) = NaN
        // into the gradient of a wherever log a = −∞.
        using var safe = ratio.masked_fill(zero, 0);
        using var pointwise = a * safe;
        return pointwise.sum();
    }

    /// <summary><c>log(w·a + (1−w)·b)</c> elementwise for w in [0, 1], as logaddexp(log a + log w, log b + log(1−w)).</summary>
    public static Tensor LogMix(Tensor logA, double w, Tensor logB)
    {
        using var weightedA = logA + Math.Log(w);           // log 0 = −∞ is fine: logaddexp(−∞, x) = x
        using var weightedB = logB + Math.Log(1 - w);
        return weightedA.logaddexp(weightedB);
    }
}
