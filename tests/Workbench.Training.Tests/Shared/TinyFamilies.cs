using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// One tiny config per supported family (vocab 64, hidden 32, 4 heads, 2 kv heads), each switching on what makes its
/// family different at sizes where it shows: head_dim other than C/nh, windows shorter than the test sequences, LongRoPE
/// with an original context of 16, soft caps near the scores' size.
/// </summary>
public static class TinyFamilies
{
    public const int Vocab = 64;

    public static IEnumerable<object[]> ModelTypes =>
        [[LlamaConfig.Llama], [LlamaConfig.Qwen2], [LlamaConfig.Qwen3], [LlamaConfig.Mistral], [LlamaConfig.Phi3], [LlamaConfig.Gemma2], [LlamaConfig.Gemma3]];

    public static LlamaConfig Config(string modelType, int vocab = Vocab, int hidden = 32, int layers = 0)
    {
        var plain = new LlamaConfig(modelType, VocabSize: vocab, HiddenSize: hidden, IntermediateSize: hidden * 3 / 2, NumHiddenLayers: layers > 0 ? layers : 2,
                                    NumAttentionHeads: 4, NumKeyValueHeads: 2, MaxPositionEmbeddings: 320, RmsNormEps: 1e-5);
        return modelType switch
        {
            LlamaConfig.Llama => plain with { AttentionBias = true },
            LlamaConfig.Qwen2 => plain with { TieWordEmbeddings = true },
            LlamaConfig.Qwen3 => plain with { HeadDim = 12, RopeTheta = 1_000_000 },
            LlamaConfig.Mistral => plain with { SlidingWindow = 5 },
            LlamaConfig.Phi3 => plain with
            {
                SlidingWindow = 6,
                RopeScaling = new RopeScaling(RopeScaling.LongRope, 320.0 / 16, OriginalMaxPositionEmbeddings: 16,
                                              ShortFactor: Factors(hidden / 4 / 2, 1.25), LongFactor: Factors(hidden / 4 / 2, 2)),
            },
            LlamaConfig.Gemma2 => plain with
            {
                NumHiddenLayers = layers > 0 ? layers : 3, HeadDim = 12, TieWordEmbeddings = true, SlidingWindow = 4,
                QueryPreAttnScalar = 10, AttnLogitSoftcapping = 1.5, FinalLogitSoftcapping = 2.0,
            },
            LlamaConfig.Gemma3 => plain with
            {
                NumHiddenLayers = layers > 0 ? layers : 3, HeadDim = 12, TieWordEmbeddings = true, SlidingWindow = 4, SlidingWindowPattern = 3,
                QueryPreAttnScalar = 12, RopeTheta = 1_000_000, RopeScaling = new RopeScaling(RopeScaling.Linear, 2), RopeLocalBaseFreq = 10_000,
            },
            _ => throw new ArgumentException($"No tiny config for '{modelType}'."),
        };
    }

    /// <summary>A model of <paramref name="config"/> with weights large enough to make every switch matter: N(0, 0.2), norms around a unit scale.</summary>
    public static LlamaForCausalLM RandomModel(LlamaConfig config, ulong seed = 1)
    {
        using var generator = new Generator(seed);
        var model = new LlamaForCausalLM(config, generator);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
            {
                p.normal_(0, 0.2, generator);
                if (name.EndsWith("norm.weight", StringComparison.Ordinal) && !config.Family.UnitOffsetNorms) p.add_(1.0);
            }
        model.eval();
        return model;
    }

    public static Tensor Ids(long B, long T, ulong seed = 2, int vocab = Vocab)
    {
        using var generator = new Generator(seed);
        return randint(0, vocab, [B, T], dtype: ScalarType.Int64, generator: generator);
    }

    // A rising ramp from 1 to `top`, one divisor per channel pair, as Phi-3's searched factors rise.
    private static ValueList<double> Factors(int count, double top) =>
        new(Enumerable.Range(0, count).Select(i => 1 + (top - 1) * i / Math.Max(1, count - 1)));
}
