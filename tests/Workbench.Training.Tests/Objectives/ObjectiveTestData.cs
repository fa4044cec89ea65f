using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>Small hand-made logits and labels, and seeded random ones.</summary>
internal static class ObjectiveTestData
{
    /// <summary>(1, rows, V) logits from rows of values.</summary>
    public static Tensor Logits(params float[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [1, rows.Length, rows[0].Length]);

    /// <summary>(1, rows, V) fp64 logits from rows of values.</summary>
    public static Tensor Logits64(params double[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [1, rows.Length, rows[0].Length]);

    /// <summary>(1, T) labels.</summary>
    public static Tensor Labels(params long[] labels) => tensor(labels, [1, labels.Length]);

    /// <summary>(B, T, V) logits ~ N(0, scale²) from a fixed seed.</summary>
    public static Tensor RandomLogits(int seed, long B = 2, long T = 5, long V = 7, double scale = 3, ScalarType dtype = ScalarType.Float32)
    {
        using var generator = new Generator((ulong)seed);
        using var standard = randn([B, T, V], dtype: dtype, generator: generator);
        return standard * scale;
    }

    /// <summary>(B, T) labels in [0, V), with the positions t ≡ seed (mod 3) set to −100.</summary>
    public static Tensor RandomLabels(int seed, long B = 2, long T = 5, long V = 7)
    {
        var random = new Random(seed);
        var labels = new long[B * T];
        for (var i = 0; i < labels.Length; i++) labels[i] = (i % T) % 3 == seed % 3 ? -100 : random.NextInt64(V);
        return tensor(labels, [B, T]);
    }
}
