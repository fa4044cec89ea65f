using Workbench.ModelFolders.SafeTensors;
using Workbench.ModelFolders.Tokenizers;

namespace Workbench.ModelFolders;

/// <summary>What a Hugging Face model folder holds, read from config.json and the safetensors headers without loading weights.</summary>
/// <param name="Path">The model folder.</param>
/// <param name="Architecture">The Hugging Face class, e.g. "LlamaForCausalLM", "Gemma2ForCausalLM" or "Phi3ForCausalLM".</param>
/// <param name="ModelType">config.json's model_type ("llama", "qwen2", "qwen3", "mistral", "phi3", "gemma2", "gemma3_text").</param>
/// <param name="ParameterCount">Elements in the stored weights (a tied head counted once).</param>
/// <param name="VocabSize">Rows of the token embedding (V).</param>
/// <param name="DType">The stored weight dtype ("float32", "float16", "bfloat16"; "mixed" when the files disagree).</param>
/// <param name="Layers">Decoder layers.</param>
/// <param name="HiddenSize">Width of the residual stream (C).</param>
/// <param name="AttentionHeads">Query heads.</param>
/// <param name="KeyValueHeads">Key/value heads (fewer than query heads under grouped-query attention).</param>
/// <param name="TiedEmbeddings">Whether the head reuses the token embedding.</param>
/// <param name="Tokenizer">The tokenizer format the folder's files allow (see <c>HuggingFaceTokenizer.DescribeFormat</c>), or null when it has none.</param>
public sealed record HuggingFaceModelInfo(
    string Path,
    string Architecture,
    string ModelType,
    long ParameterCount,
    int VocabSize,
    string DType,
    int Layers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    bool TiedEmbeddings,
    string? Tokenizer)
{
    /// <summary>
    /// Reads <paramref name="directory"/>'s config.json and safetensors headers (never the weights) and checks that the
    /// config's dimensions match the stored tensors. Throws <see cref="NotSupportedException"/> naming an unsupported
    /// architecture or setting and <see cref="InvalidDataException"/> naming a tensor or field that does not fit.
    /// </summary>
    public static HuggingFaceModelInfo Read(string directory)
    {
        var config = HuggingFaceConfig.Read(directory);
        var entries = SafeTensorsFolder.ReadEntries(directory).Where(e => !LlamaWeightCheck.IsIgnored(e.Name, config)).ToList();
        LlamaWeightCheck.Verify(config, entries, directory);
        var dtypes = entries.Select(e => e.DType).Distinct().ToList();
        var dtype = dtypes.Count switch
        {
            0 => config.TorchDType,
            1 => dtypes[0].TorchDTypeName(),
            _ => "mixed",
        };
        return new HuggingFaceModelInfo(
            System.IO.Path.GetFullPath(directory), config.Architecture, config.ModelType, entries.Sum(e => e.ElementCount), config.VocabSize, dtype,
            config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, config.NumKeyValueHeads, config.TieWordEmbeddings,
            HuggingFaceTokenizer.DescribeFormat(directory));
    }
}
