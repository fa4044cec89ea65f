using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>Tiny Llama-family configs (2 layers, hidden 32, 4 heads, 2 kv heads, vocab 64) and inputs for fast tests.</summary>
public static class TinyLlama
{
    public const int Vocab = 64;

    public static LlamaConfig Config(string modelType = LlamaConfig.Llama, bool tied = false) =>
        new(modelType, VocabSize: Vocab, HiddenSize: 32, IntermediateSize: 48, NumHiddenLayers: 2, NumAttentionHeads: 4,
            NumKeyValueHeads: 2, MaxPositionEmbeddings: 32, RmsNormEps: 1e-5, RopeTheta: 10_000, TieWordEmbeddings: tied);

    public static LlamaForCausalLM Model(LlamaConfig config, ulong seed = 1)
    {
        using var generator = new Generator(seed);
        var model = new LlamaForCausalLM(config, generator);
        model.eval();
        return model;
    }

    public static Tensor Ids(long B, long T, ulong seed = 2)
    {
        using var generator = new Generator(seed);
        return randint(0, Vocab, [B, T], dtype: ScalarType.Int64, generator: generator);
    }
}
