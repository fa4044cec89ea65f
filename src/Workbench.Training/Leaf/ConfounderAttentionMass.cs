using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf;

/// <summary>
/// Confounder attention mass (spec §5), on the original (unpruned) input:
/// <c>CAM = mean_{q∈R} mean_{l,h} Σ_{k∈A} α^{l,h}_{q,k}</c>, with α the post-softmax attention weights, R the
/// response (query) positions, A the span key positions and I the scored-region key positions (A ⊆ I).
/// Callers pass positions of real tokens only, so padding never enters.
/// </summary>
public static class ConfounderAttentionMass
{
    /// <summary>CAM from one row of a capture: <paramref name="capture"/>.Probabilities[l] is (B, nh, T, T).</summary>
    public static CamResult Compute(AttentionCapture capture, int batchRow, IReadOnlyList<int> responseQueries,
                                    IReadOnlyList<int> spanKeys, IReadOnlyList<int> instructionKeys) =>
        Compute(capture.Probabilities, batchRow, responseQueries, spanKeys, instructionKeys);

    /// <summary>CAM from per-layer attention probabilities (B, nh, T, T).</summary>
    public static CamResult Compute(IReadOnlyList<Tensor> probabilities, int batchRow, IReadOnlyList<int> responseQueries,
                                    IReadOnlyList<int> spanKeys, IReadOnlyList<int> instructionKeys)
    {
        if (probabilities.Count == 0) throw new ArgumentException("There are no attention layers.");
        Check(responseQueries, spanKeys, instructionKeys, (int)probabilities[0].shape[^1]);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var device = probabilities[0].device;
        var queries = tensor(responseQueries.Select(q => (long)q).ToArray(), device: device);
        var spans = tensor(spanKeys.Select(k => (long)k).ToArray(), device: device);
        var instruction = tensor(instructionKeys.Select(k => (long)k).ToArray(), device: device);

        double spanMass = 0, instructionMass = 0;
        foreach (var layer in probabilities)
        {
            var rows = layer[batchRow].index_select(1, queries).to(ScalarType.Float64);        // (nh, |R|, T)
            spanMass += rows.index_select(2, spans).sum(2).mean().item<double>();                   // mean over heads and queries
            instructionMass += rows.index_select(2, instruction).sum(2).mean().item<double>();
        }
        return Result(spanMass / probabilities.Count, instructionMass / probabilities.Count, spanKeys.Count, instructionKeys.Count);
    }

    /// <summary>CAM from one sample's probabilities flattened as [layer][head][query][key], each block T × T.</summary>
    public static CamResult Compute(ReadOnlySpan<float> attention, int layers, int heads, int T, IReadOnlyList<int> responseQueries,
                                    IReadOnlyList<int> spanKeys, IReadOnlyList<int> instructionKeys)
    {
        if (layers < 1 || heads < 1 || attention.Length != layers * heads * T * T)
            throw new ArgumentException($"Expected {layers} × {heads} × {T} × {T} weights, got {attention.Length}.");
        Check(responseQueries, spanKeys, instructionKeys, T);

        double spanMass = 0, instructionMass = 0;
        for (var lh = 0; lh < layers * heads; lh++)
            foreach (var q in responseQueries)
            {
                var row = attention.Slice((lh * T + q) * T, T);
                foreach (var k in spanKeys) spanMass += row[k];
                foreach (var k in instructionKeys) instructionMass += row[k];
            }
        var cells = (double)layers * heads * responseQueries.Count;
        return Result(spanMass / cells, instructionMass / cells, spanKeys.Count, instructionKeys.Count);
    }

    private static CamResult Result(double cam, double instructionMass, int spanCount, int instructionCount)
    {
        var share = instructionMass > 0 ? cam / instructionMass : 0;
        return new CamResult(cam, share, share / ((double)spanCount / instructionCount));
    }

    private static void Check(IReadOnlyList<int> queries, IReadOnlyList<int> spanKeys, IReadOnlyList<int> instructionKeys, int T)
    {
        if (queries.Count == 0 || spanKeys.Count == 0 || instructionKeys.Count == 0)
            throw new ArgumentException("Response queries, span keys and instruction keys must each be non-empty.");
        if (queries.Concat(spanKeys).Concat(instructionKeys).Any(p => p < 0 || p >= T))
            throw new ArgumentException($"A position lies outside the sequence of {T} tokens.");
        if (spanKeys.Except(instructionKeys).Any())
            throw new ArgumentException("Span keys must be instruction keys (A ⊆ I).");
    }
}
