using Workbench.Experiments.Leaf;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// Which input attribution <see cref="InputSaliency"/> computes per scored token i, with G = ∂ℓ/∂E (ℓ the response NLL):
/// <c>gradient_norm</c> ‖G_i‖₂ (the paper), <c>gradient_x_input</c> |G_i · E_i| (Shrikumar et al. 2016), or
/// <c>integrated_gradients</c> |E_i · (1/m) Σ_k G_i(α_k E)| with α_k = (k + ½)/m and a zero baseline on the scored
/// region only (Sundararajan et al. 2017; the rest of the sequence stays as it is).
/// </summary>
/// <param name="Kind">One of <see cref="LeafScorers.Gradient"/>.</param>
/// <param name="Steps">m, the integrated-gradients steps (one forward and backward each); ignored otherwise.</param>
public sealed record SaliencyMethod(string Kind = LeafScorers.GradientNorm, int Steps = 4)
{
    public static SaliencyMethod GradientNorm { get; } = new();

    /// <summary>Forward-and-backward passes per sample and model.</summary>
    public int Passes => Kind == LeafScorers.IntegratedGradients ? Steps : 1;

    public void Validate()
    {
        if (!LeafScorers.Gradient.Contains(Kind)) throw new ArgumentException($"'{Kind}' is not a gradient scorer ({string.Join(", ", LeafScorers.Gradient)}).");
        if (Steps < 1) throw new ArgumentException($"Integrated gradients need at least one step (got {Steps}).");
    }
}
