using Workbench.Experiments.Leaf;

namespace Workbench.Web.Components.Leaf;

/// <summary>The matrices the attention view draws: one model's map (a layer/head, or their mean) and the student-minus-teacher difference.</summary>
public static class AttentionMatrices
{
    /// <summary>A layer and head of <paramref name="snapshot"/>; a null layer or head means the mean over them.</summary>
    public static float[][] Select(AttentionSnapshot snapshot, int? layer, int? head)
    {
        if (layer is { } l && head is { } h) return snapshot.Matrix(l, h);
        if (head is { } only)
        {
            var sum = Zero(snapshot.Length);
            for (var li = 0; li < snapshot.Layers; li++) Add(sum, snapshot.Matrix(li, only));
            return Scale(sum, 1f / snapshot.Layers);
        }
        return snapshot.Mean(layer);
    }

    /// <summary>Student minus teacher, element-wise; null when the two maps are not over the same tokens.</summary>
    public static float[][]? Difference(float[][] student, float[][] teacher)
    {
        if (student.Length != teacher.Length) return null;
        return [.. student.Select((row, q) => row.Select((v, k) => v - teacher[q][k]).ToArray())];
    }

    /// <summary>Axis labels "index token", with a marker on tokens inside a gold distractor span.</summary>
    public static IReadOnlyList<string> Labels(AttentionSnapshot snapshot) =>
        [.. snapshot.Tokens.Select((token, i) =>
            (InGold(snapshot, i) ? "▲ " : "") + $"{i} {token}")];

    public static bool InGold(AttentionSnapshot snapshot, int token) =>
        token < snapshot.TokenStarts.Length
        && snapshot.GoldSpans.Any(g => snapshot.TokenStarts[token] < g[1] && snapshot.TokenEnds[token] > g[0]);

    private static float[][] Zero(int n) => [.. Enumerable.Range(0, n).Select(_ => new float[n])];

    private static void Add(float[][] sum, float[][] m)
    {
        for (var q = 0; q < sum.Length; q++) for (var k = 0; k < sum.Length; k++) sum[q][k] += m[q][k];
    }

    private static float[][] Scale(float[][] m, float factor)
    {
        foreach (var row in m) for (var k = 0; k < row.Length; k++) row[k] *= factor;
        return m;
    }
}
