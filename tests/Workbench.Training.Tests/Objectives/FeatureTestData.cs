using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>Hand-made and seeded random features, wrapped as captures, for the feature objectives' tests.</summary>
internal static class FeatureTestData
{
    public static ModelShape Shape(int layers = 1, int heads = 1, int width = 2, int? headSize = null, int vocab = 7) =>
        new(vocab, layers, heads, width, headSize ?? width / heads);

    /// <summary>(1, rows, d) from rows of values.</summary>
    public static Tensor Rows(params double[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [1, rows.Length, rows[0].Length]);

    /// <summary>x ~ N(0, scale²) of the given shape.</summary>
    public static Tensor Random(int seed, long[] shape, double scale = 1, ScalarType dtype = ScalarType.Float32)
    {
        using var generator = new Generator((ulong)seed);
        using var standard = randn(shape, dtype: dtype, generator: generator);
        return standard * scale;
    }

    /// <summary>Causal row-stochastic maps (B, h, T, T) from random features, like a layer's attention probabilities.</summary>
    public static Tensor RandomAttention(int seed, long B = 2, long h = 2, long T = 5, ScalarType dtype = ScalarType.Float32)
    {
        using var x = Random(seed, [B, T, h * 3], scale: 2, dtype: dtype);
        return AttentionRows.CausalRelation(x, h);
    }

    /// <summary>A capture holding only hidden states (the logits are a dummy).</summary>
    public static FeatureCapture Hidden(params Tensor[] states) => FeatureCapture.Of(zeros(1), hiddenStates: states);

    public static FeatureCapture Attention(params Tensor[] maps) => FeatureCapture.Of(zeros(1), attentions: maps);

    public static FeatureCapture Values(params Tensor[] values) => FeatureCapture.Of(zeros(1), values: values);

    /// <summary>(B, T) bool, all true.</summary>
    public static Tensor AllReal(long B, long T) => ones(B, T, dtype: ScalarType.Bool);

    /// <summary>(1, T) bool from flags.</summary>
    public static Tensor Real(params bool[] flags) => tensor(flags, [1, flags.Length]);
}
