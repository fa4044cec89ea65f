using static TorchSharp.torch;

namespace Workbench.Training.Models.Llama;

/// <summary>Incremental decoding with a <see cref="KeyValueCache"/> (Hugging Face's <c>past_key_values</c>).</summary>
public sealed partial class LlamaForCausalLM : IIncrementalDecoder
{
    /// <inheritdoc />
    public KeyValueCache NewCache(long batch, long capacity, Device? device = null) => new(Config.NumHiddenLayers, batch, capacity, device);

    // idx, real: (B, T) -> logits (B, T, V)
    /// <inheritdoc />
    public Tensor ForwardCached(Tensor idx, Tensor real, KeyValueCache cache)
    {
        cache.Begin(real);
        try
        {
            using var inputs_embeds = Embed(idx);                                       // (B, T, C)
            using var h = model.RunCached(inputs_embeds, cache);                        // (B, T, C)
            return Head(h);                                                             // (B, T, V)
        }
        finally
        {
            cache.End();
        }
    }
}
