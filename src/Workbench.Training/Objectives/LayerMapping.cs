using Workbench.Experiments;

namespace Workbench.Training.Objectives;

/// <summary>
/// Resolves a term's <see cref="ObjectiveTerm.LayerMap"/> against the student's depth M and the teacher's depth N
/// (objectives.md §4.1):
/// <list type="bullet">
/// <item><c>uniform</c>: m ↔ round(m·N/M) for m = 1..M, halves rounded up (TinyBERT: 4 of 12 → 3, 6, 9, 12).</item>
/// <item><c>last</c>: M ↔ N only (MiniLM).</item>
/// <item><c>all</c>: i ↔ i, requires M = N.</item>
/// <item>explicit pairs "m:n,…" (TextBrewer's <c>intermediate_matches</c>), each index in range; 0 (the embeddings)
/// only where <paramref name="allowEmbeddings"/>, i.e. for hidden states.</item>
/// </list>
/// </summary>
public static class LayerMapping
{
    /// <summary>The pairs, or an error message that names the offending value.</summary>
    public static (IReadOnlyList<LayerPair> Pairs, string? Error) TryResolve(string map, int studentLayers, int teacherLayers, bool allowEmbeddings)
    {
        int M = studentLayers, N = teacherLayers;
        switch (map)
        {
            case ObjectiveTerm.LayerMapUniform:
                return ([.. Enumerable.Range(1, M).Select(m => new LayerPair(m, Math.Max(1, (int)Math.Round((double)m * N / M, MidpointRounding.AwayFromZero))))], null);
            case ObjectiveTerm.LayerMapLast:
                return ([new LayerPair(M, N)], null);
            case ObjectiveTerm.LayerMapAll:
                return M == N
                    ? ([.. Enumerable.Range(1, M).Select(i => new LayerPair(i, i))], null)
                    : ([], $"Layer map 'all' needs equal depths; the student has {M} layers and the teacher {N}.");
        }

        var pairs = new List<LayerPair>();
        var first = allowEmbeddings ? 0 : 1;
        foreach (var text in map.Split(','))
        {
            if (text.Split(':') is not [var s, var t] || !int.TryParse(s.Trim(), out var m) || !int.TryParse(t.Trim(), out var n))
                return ([], $"'{text.Trim()}' is not a pair 'student:teacher'.");
            if (m < first || m > M) return ([], $"Student layer {m} is out of range {first}..{M}.");
            if (n < first || n > N) return ([], $"Teacher layer {n} is out of range {first}..{N}.");
            pairs.Add(new LayerPair(m, n));
        }
        return pairs.Count > 0 ? (pairs, null) : ([], "The layer map names no pair.");
    }

    /// <summary>The pairs; throws <see cref="ArgumentException"/> with the message of <see cref="TryResolve"/>.</summary>
    public static IReadOnlyList<LayerPair> Resolve(string map, int studentLayers, int teacherLayers, bool allowEmbeddings)
    {
        var (pairs, error) = TryResolve(map, studentLayers, teacherLayers, allowEmbeddings);
        return error is null ? pairs : throw new ArgumentException(error, nameof(map));
    }
}
