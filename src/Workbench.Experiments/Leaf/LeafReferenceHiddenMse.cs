namespace Workbench.Experiments.Leaf;

/// <summary>
/// The hidden-state MSE of the LeaF reference code (github.com/RUCBM/LeaF at 0a11d01,
/// <c>src/Causal_attention_distillation/LeaF_instruct_level/distill_instruct_level.py</c>, lines 466–483; the same in
/// <c>LeaF_response_level/distill_response_level.py</c>, lines 469–486): the hidden states <c>hidden_states[:-1]</c> of both
/// models (the embedding output and every layer's output but the last, final-normed one) are each L2-normalised over the
/// width (<c>F.normalize(p=2, dim=3)</c>), flattened to (B, T, layers·d), and
/// <c>β · Σ_t m_t · mean_{layers·d}(ĥ_T − ĥ_S)² / Σ_t m_t</c> is added to the KL, m the supervised positions.
/// β = <c>hidden_beta</c>: 10 by default (line 53), <b>10000</b> in every released training script
/// (<c>scripts/Causal_attention_distillation/*/run_*.sh</c>, line 23; 24 in the response-level Qwen script). The term is
/// only computed when <c>distill_from_hidden_states</c> is true, which defaults to false (line 52) and which no released
/// script sets, so none of the paper's runs used it; with no projection it also needs teacher and student of equal
/// depth and width (a 70B teacher and a 1B student are not).
/// </summary>
/// <remarks>
/// For unit vectors ‖ĥ_T − ĥ_S‖² = 2(1 − cos), so the reference term is <c>(2β / d) · mean_layers(1 − cos)</c>: the workbench's
/// <c>hidden_cosine</c> (mean over pairs of 1 − cos) with weight 2β / d_T, the student projected to d_T where widths differ.
/// </remarks>
public static class LeafReferenceHiddenMse
{
    /// <summary>β of the released scripts (<c>--hidden_beta 10000</c>).</summary>
    public const double Beta = 10000;

    /// <summary>The <c>hidden_cosine</c> weight equal to the reference term at β for a teacher of width <paramref name="teacherWidth"/>.</summary>
    public static double HiddenCosineWeight(int teacherWidth) =>
        teacherWidth > 0 ? 2 * Beta / teacherWidth : throw new ArgumentOutOfRangeException(nameof(teacherWidth), teacherWidth, "A width is positive.");

    /// <summary>
    /// <c>hidden_states[:-1]</c> for the demo's 2-layer student and 4-layer teacher: the embeddings and the student's only
    /// non-final layer, paired uniformly (student 1 ↔ teacher 2); the reference itself needs equal depths.
    /// </summary>
    public const string DemoLayerMap = "0:0,1:2";
}
