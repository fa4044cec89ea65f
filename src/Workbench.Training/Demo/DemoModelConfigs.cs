using Workbench.Training.Models.Llama;

namespace Workbench.Training.Demo;

/// <summary>
/// The two built-in demo architectures: a Llama teacher and a Qwen2 student of the same vocabulary. Both are small
/// enough to train on a CPU in minutes and large enough to learn the built-in arithmetic.
/// </summary>
public static class DemoModelConfigs
{
    /// <summary>Longest sequence either demo model accepts (a ChatML problem is well under 64 tokens).</summary>
    public const int MaxPositions = 256;

    /// <summary>Llama: 4 layers, C = 128, 4 query / 2 kv heads (GQA), SwiGLU width ≈ 8/3·C rounded to 8, untied head.</summary>
    public static LlamaConfig Teacher(int vocabSize) => new(
        LlamaConfig.Llama, VocabSize: vocabSize, HiddenSize: 128, IntermediateSize: 344, NumHiddenLayers: 4,
        NumAttentionHeads: 4, NumKeyValueHeads: 2, MaxPositionEmbeddings: MaxPositions, RmsNormEps: 1e-5, RopeTheta: 10_000,
        TieWordEmbeddings: false);

    /// <summary>Qwen2 (q/k/v biases): 2 layers, C = 64, 4 query / 2 kv heads, SwiGLU width 176, head tied to the embedding.</summary>
    public static LlamaConfig Student(int vocabSize) => new(
        LlamaConfig.Qwen2, VocabSize: vocabSize, HiddenSize: 64, IntermediateSize: 176, NumHiddenLayers: 2,
        NumAttentionHeads: 4, NumKeyValueHeads: 2, MaxPositionEmbeddings: MaxPositions, RmsNormEps: 1e-6, RopeTheta: 10_000,
        TieWordEmbeddings: true);
}
