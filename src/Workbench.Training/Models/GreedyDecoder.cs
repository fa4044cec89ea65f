using Workbench.Training.Models.Generation;
using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// Batched greedy decoding for prompts of different lengths: with a key/value cache (<see cref="CachedDecoder"/>) when the
/// model supports one, otherwise by recomputing every step (<see cref="RecomputingDecoder"/>). Both give the same tokens.
/// </summary>
public static class GreedyDecoder
{
    /// <summary>
    /// Appends the most likely token to each prompt until it produces <paramref name="eosId"/>, reaches
    /// <paramref name="maxNewTokens"/> or fills the context. Returns the generated ids of each prompt,
    /// including the &lt;eos&gt; when one was produced. Runs under no_grad; the caller sets eval mode.
    /// </summary>
    public static IReadOnlyList<int[]> Generate(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int maxNewTokens, int eosId, int padId, Device? device = null) =>
        model is IIncrementalDecoder cached
            ? CachedDecoder.Generate(cached, prompts, maxNewTokens, eosId, padId, SamplingSettings.Greedy, device).Tokens
            : RecomputingDecoder.Generate(model, prompts, maxNewTokens, eosId, padId, device);
}
