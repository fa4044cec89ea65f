namespace Workbench.Experiments.Leaf;

/// <summary>
/// Attention probabilities of one model on one fixed probe sample at one step, sent compactly: half-precision
/// floats as bytes (layers × heads × T × T, row-major), not JSON lists of doubles.
/// </summary>
/// <param name="Model">"student" or "teacher".</param>
/// <param name="GoldSpans">Distractor character ranges of the probe's prompt (for marking the axes).</param>
public sealed record AttentionSnapshot(
    long Step,
    int Probe,
    string Model,
    int Layers,
    int Heads,
    string[] Tokens,
    int[] TokenStarts,
    int[] TokenEnds,
    int[][] GoldSpans,
    byte[] Half)
{
    public const string Student = "student";
    public const string Teacher = "teacher";

    public int Length => Tokens.Length;

    /// <summary>Decodes the probabilities of one layer and head into a T × T matrix (rows = queries).</summary>
    public float[][] Matrix(int layer, int head)
    {
        var t = Length;
        var offset = ((layer * Heads) + head) * t * t;
        var rows = new float[t][];
        for (var q = 0; q < t; q++)
        {
            rows[q] = new float[t];
            for (var k = 0; k < t; k++) rows[q][k] = (float)BitConverter.ToHalf(Half, 2 * (offset + (q * t) + k));
        }
        return rows;
    }

    /// <summary>The mean over heads (and layers when <paramref name="layer"/> is null) of the probabilities.</summary>
    public float[][] Mean(int? layer)
    {
        var t = Length;
        var sum = new float[t][];
        for (var q = 0; q < t; q++) sum[q] = new float[t];
        var layers = layer is { } l ? [l] : Enumerable.Range(0, Layers).ToArray();
        foreach (var li in layers)
        for (var h = 0; h < Heads; h++)
        {
            var m = Matrix(li, h);
            for (var q = 0; q < t; q++) for (var k = 0; k < t; k++) sum[q][k] += m[q][k];
        }
        var n = layers.Length * Heads;
        for (var q = 0; q < t; q++) for (var k = 0; k < t; k++) sum[q][k] /= n;
        return sum;
    }

    public static byte[] Encode(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (Half)values[i]);
        return bytes;
    }
}
