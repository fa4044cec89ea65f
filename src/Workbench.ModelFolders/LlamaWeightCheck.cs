using Workbench.ModelFolders.Decoders;
using Workbench.ModelFolders.SafeTensors;

namespace Workbench.ModelFolders;

/// <summary>
/// Checks a folder's config.json against the tensors its safetensors headers list, before any weight is read: a config
/// claiming 100,000 layers over two layers of weights, or a hidden size the tensors do not have, is refused here instead
/// of making a worker allocate the model the config describes.
/// </summary>
public static class LlamaWeightCheck
{
    private const string LayerPrefix = "model.layers.";

    /// <summary>
    /// Tensors a checkpoint may hold that the model does not load: old transformers saved each layer's RoPE inv_freq buffer,
    /// and some tied checkpoints still carry lm_head.weight (a copy of the embedding).
    /// </summary>
    public static bool IsIgnored(string name, LlamaConfig config) =>
        name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) || (config.TieWordEmbeddings && name == "lm_head.weight");

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first tensor (or layer count) that does not match.</summary>
    /// <param name="entries">The stored tensors, without those the loader ignores (rotary inv_freq, a tied lm_head).</param>
    public static void Verify(LlamaConfig config, IReadOnlyList<SafeTensorsEntry> entries, string directory)
    {
        var layers = entries.Select(e => LayerIndex(e.Name)).DefaultIfEmpty(-1).Max() + 1;
        if (layers != config.NumHiddenLayers)
            throw new InvalidDataException($"config.json in '{directory}' says num_hidden_layers {config.NumHiddenLayers}, but the weights hold {layers} layer(s).");
        var top = TopLevelShapes(config);
        var perLayer = LayerShapes(config);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var index = LayerIndex(entry.Name);
            var expected = index < 0 ? top.GetValueOrDefault(entry.Name) : perLayer.GetValueOrDefault(entry.Name[(LayerPrefix.Length + index.ToString().Length + 1)..]);
            if (expected is null)
                throw new InvalidDataException($"'{directory}' has tensor '{entry.Name}', which {config.Architecture} with this config.json does not have.");
            if (!expected.SequenceEqual(entry.Shape))
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{directory}' has shape [{string.Join(", ", entry.Shape)}]; config.json " +
                                               $"(hidden_size {config.HiddenSize}, heads {config.NumAttentionHeads}/{config.NumKeyValueHeads}, vocab_size {config.VocabSize}) implies [{string.Join(", ", expected)}].");
            seen.Add(entry.Name);
        }
        var required = top.Keys.Concat(Enumerable.Range(0, layers).SelectMany(i => perLayer.Keys.Select(k => $"{LayerPrefix}{i}.{k}")));
        if (required.FirstOrDefault(name => !seen.Contains(name)) is { } missing)
            throw new InvalidDataException($"'{directory}' is missing tensor '{missing}' required by {config.Architecture}.");
    }

    // "model.layers.12.mlp.up_proj.weight" -> 12; -1 for tensors outside the layers.
    private static int LayerIndex(string name)
    {
        if (!name.StartsWith(LayerPrefix, StringComparison.Ordinal)) return -1;
        var end = name.IndexOf('.', LayerPrefix.Length);
        return end > LayerPrefix.Length && int.TryParse(name.AsSpan(LayerPrefix.Length, end - LayerPrefix.Length), out var i) && i >= 0 ? i : -1;
    }

    private static Dictionary<string, long[]> TopLevelShapes(LlamaConfig c)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["model.embed_tokens.weight"] = [c.VocabSize, c.HiddenSize],
            ["model.norm.weight"] = [c.HiddenSize],
        };
        if (!c.TieWordEmbeddings) shapes["lm_head.weight"] = [c.VocabSize, c.HiddenSize];
        return shapes;
    }

    // Linear weights are stored (out, in), as PyTorch keeps them; names follow each family's modeling code in transformers.
    private static Dictionary<string, long[]> LayerShapes(LlamaConfig c)
    {
        var family = c.Family;
        long C = c.HiddenSize, I = c.IntermediateSize, hs = c.HeadSize, q = c.NumAttentionHeads * hs, kv = c.NumKeyValueHeads * hs;
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["self_attn.o_proj.weight"] = [C, q],
            ["mlp.down_proj.weight"] = [C, I],
            ["input_layernorm.weight"] = [C],
            ["post_attention_layernorm.weight"] = [C],
        };
        if (family.FusedProjections)
        {
            shapes["self_attn.qkv_proj.weight"] = [q + 2 * kv, C];
            shapes["mlp.gate_up_proj.weight"] = [2 * I, C];
        }
        else
        {
            shapes["self_attn.q_proj.weight"] = [q, C];
            shapes["self_attn.k_proj.weight"] = [kv, C];
            shapes["self_attn.v_proj.weight"] = [kv, C];
            shapes["mlp.gate_proj.weight"] = [I, C];
            shapes["mlp.up_proj.weight"] = [I, C];
        }
        if (family.QkNorm)
        {
            shapes["self_attn.q_norm.weight"] = [hs];
            shapes["self_attn.k_norm.weight"] = [hs];
        }
        if (family.SandwichNorms)
        {
            shapes["pre_feedforward_layernorm.weight"] = [C];
            shapes["post_feedforward_layernorm.weight"] = [C];
        }
        if (c.QkvBias)
        {
            shapes["self_attn.q_proj.bias"] = [q];
            shapes["self_attn.k_proj.bias"] = [kv];
            shapes["self_attn.v_proj.bias"] = [kv];
        }
        if (c.OutputBias) shapes["self_attn.o_proj.bias"] = [C];
        if (c.MlpBiases)
        {
            shapes["mlp.gate_proj.bias"] = [I];
            shapes["mlp.up_proj.bias"] = [I];
            shapes["mlp.down_proj.bias"] = [C];
        }
        return shapes;
    }
}
