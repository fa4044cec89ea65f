namespace Workbench.Training.Models;

/// <summary>
/// Which intermediate tensors <see cref="ICausalLanguageModel.ForwardWithFeatures"/> keeps besides the logits.
/// <see cref="None"/> keeps nothing and runs the plain fused forward pass.
/// </summary>
/// <param name="HiddenStates">Residual stream after the embeddings and after every block (Hugging Face's <c>hidden_states</c>).</param>
/// <param name="Attention">Every layer's attention probabilities (B, nh, T, T).</param>
/// <param name="Values">Every layer's value vectors (B, nh, T, hs).</param>
public sealed record FeatureRequest(bool HiddenStates = false, bool Attention = false, bool Values = false)
{
    public static FeatureRequest None { get; } = new();

    public bool Any => HiddenStates || Attention || Values;

    /// <summary>Everything either request asks for.</summary>
    public FeatureRequest Union(FeatureRequest other) =>
        new(HiddenStates || other.HiddenStates, Attention || other.Attention, Values || other.Values);
}
