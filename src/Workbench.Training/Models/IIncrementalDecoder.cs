using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>A language model that can decode with a <see cref="KeyValueCache"/>: one pass over the prompts, then one token per step.</summary>
public interface IIncrementalDecoder : ICausalLanguageModel
{
    /// <summary>An empty cache for <paramref name="batch"/> rows of up to <paramref name="capacity"/> tokens.</summary>
    KeyValueCache NewCache(long batch, long capacity, Device? device = null);

    /// <summary>
    /// New token ids (B, T) int64, <paramref name="real"/> (B, T) bool marking which are not padding -> logits (B, T, V),
    /// attending to everything <paramref name="cache"/> holds and adding these tokens to it. Run under no_grad.
    /// </summary>
    Tensor ForwardCached(Tensor idx, Tensor real, KeyValueCache cache);
}
