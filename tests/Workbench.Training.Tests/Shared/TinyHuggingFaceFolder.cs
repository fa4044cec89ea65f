using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// A tiny Hugging Face model folder written with the project's own writer: a random Llama or Qwen2 (or any family's config) over the byte-level fixture
/// tokenizer (<see cref="TokenizerFixtures.ByteLevel"/>, 302 ids, BOS prepended by its template, EOS &lt;|end_of_text|&gt;).
/// </summary>
public static class TinyHuggingFaceFolder
{
    public const int Vocab = TokenizerFixtures.EndOfText + 1;

    public static string Create(string folder, string modelType = LlamaConfig.Llama, int hidden = 32, int layers = 2, ulong seed = 1,
                                ScalarType dtype = ScalarType.Float32, string? chatTemplate = null, int vocab = Vocab)
    {
        var config = new LlamaConfig(modelType, VocabSize: vocab, HiddenSize: hidden, IntermediateSize: hidden * 3 / 2, NumHiddenLayers: layers,
                                     NumAttentionHeads: 4, NumKeyValueHeads: 2, MaxPositionEmbeddings: 320, RmsNormEps: 1e-5, RopeTheta: 10_000,
                                     TieWordEmbeddings: modelType == LlamaConfig.Qwen2);
        return Create(folder, config, seed, dtype, chatTemplate);
    }

    /// <summary>A folder of any family's <paramref name="config"/> (its vocabulary at least <see cref="Vocab"/>) over the fixture tokenizer.</summary>
    public static string Create(string folder, LlamaConfig config, ulong seed = 1, ScalarType dtype = ScalarType.Float32, string? chatTemplate = null)
    {
        using var generator = new Generator(seed);
        using var model = new LlamaForCausalLM(config, generator);
        HuggingFaceCheckpoint.Save(model, folder, new HuggingFaceSaveOptions(DType: dtype));
        File.WriteAllText(Path.Combine(folder, HuggingFaceTokenizer.JsonFileName), TokenizerFixtures.ByteLevel());
        var tokenizerConfig = new JsonObject { ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|end_of_text|>" };
        if (chatTemplate is not null) tokenizerConfig["chat_template"] = chatTemplate;
        File.WriteAllText(Path.Combine(folder, HuggingFaceTokenizer.ConfigFileName), tokenizerConfig.ToJsonString());
        return folder;
    }
}
