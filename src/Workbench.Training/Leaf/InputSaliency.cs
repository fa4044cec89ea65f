using TorchSharp;
using Workbench.Experiments.Leaf;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf;

/// <summary>
/// Per-token gradient saliency (spec §2.2): <c>g_i = ‖∂ℓ/∂E_i‖₂</c>, with E the token embeddings (a detached leaf)
/// and ℓ the mean next-token NLL of the response tokens only (logits at t−1 predict token t); or another attribution
/// of the same gradient (<see cref="SaliencyMethod"/>).
/// </summary>
/// <remarks>
/// Batches are right-padded. Under a causal mask a row's real positions never see its padding, and the batch loss
/// is the <i>sum</i> of per-row means, so each row's gradient equals the one it would get alone: no attention mask
/// and no per-row renormalization are needed. Requests are grouped by length to waste little padding.
/// </remarks>
public static class InputSaliency
{
    /// <summary>
    /// Raw norms over each request's scored region, in request order; an entry is null when its loss or a norm was
    /// NaN or infinite (the sample failed, §7.10). The model is put in eval mode and its parameters stop requiring
    /// grad for the call; both are restored afterwards.
    /// </summary>
    public static IReadOnlyList<double[]?> Compute(ICausalLanguageModel model, IReadOnlyList<SaliencyRequest> requests,
                                                   Device device, int batchSize = 32) =>
        Compute(model, requests, device, SaliencyMethod.GradientNorm, batchSize);

    /// <summary>As <see cref="Compute(ICausalLanguageModel, IReadOnlyList{SaliencyRequest}, Device, int)"/>, with <paramref name="method"/>'s attribution.</summary>
    public static IReadOnlyList<double[]?> Compute(ICausalLanguageModel model, IReadOnlyList<SaliencyRequest> requests,
                                                   Device device, SaliencyMethod method, int batchSize = 32)
    {
        method.Validate();
        if (batchSize < 1) throw new ArgumentException($"Batch size must be at least 1 (got {batchSize}).");
        foreach (var r in requests) Check(r, model.ContextLength);

        var results = new double[]?[requests.Count];
        var wasTraining = model is nn.Module { training: true };
        var parameters = model.parameters().ToArray();
        var requiredGrad = parameters.Select(p => p.requires_grad).ToArray();
        try
        {
            model.eval();
            foreach (var p in parameters) p.requires_grad = false;     // only the embedding leaf gets a gradient

            var byLength = Enumerable.Range(0, requests.Count).OrderBy(i => requests[i].TokenIds.Length).ToArray();
            foreach (var batch in byLength.Chunk(batchSize))
            {
                var norms = BatchNorms(model, [.. batch.Select(i => requests[i])], device, method);
                for (var b = 0; b < batch.Length; b++) results[batch[b]] = norms[b];
            }
        }
        finally
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].requires_grad = requiredGrad[i];
            model.train(wasTraining);
        }
        return results;
    }

    private static double[]?[] BatchNorms(ICausalLanguageModel model, SaliencyRequest[] batch, Device device, SaliencyMethod method)
    {
        using var scope = NewDisposeScope();
        var (B, T) = (batch.Length, batch.Max(r => r.TokenIds.Length));

        var ids = new long[B * T];                                      // right padding with id 0, never seen by real tokens
        var targetRows = new List<long>();                              // flat (b, t−1) index of each supervised logit row
        var targets = new List<long>();
        var weights = new List<double>();                               // 1/|R_b|: per-row mean, summed over rows
        for (var b = 0; b < B; b++)
        {
            var r = batch[b];
            for (var t = 0; t < r.TokenIds.Length; t++) ids[b * T + t] = r.TokenIds[t];
            var supervised = r.TokenIds.Length - r.ResponseStart;
            for (var t = r.ResponseStart; t < r.TokenIds.Length; t++)
            {
                targetRows.Add(b * T + t - 1);
                targets.Add(r.TokenIds[t]);
                weights.Add(1.0 / supervised);
            }
        }

        var idx = tensor(ids, [B, T], device: device);
        var inRegion = new float[B * T];                                                // 1 on each row's scored region
        for (var b = 0; b < B; b++)
            for (var t = batch[b].ScoredStart; t < batch[b].ScoredStart + batch[b].ScoredLength; t++) inRegion[b * T + t] = 1;
        var region = tensor(inRegion, [B, T, 1], device: device);
        Tensor embeddings;
        using (no_grad()) embeddings = model.Embed(idx).detach();                      // (B, T, C)
        var rowsIndex = tensor(targetRows.ToArray(), device: device);
        var targetIds = tensor(targets.ToArray(), device: device);
        var rowWeights = tensor(weights.ToArray(), device: device);

        // ℓ's gradient at the embeddings E′ (a fresh leaf), and the per-target NLL to spot NaN/inf.
        (Tensor Grad, Tensor Nll) GradientAt(Tensor input)
        {
            var E = input.detach().requires_grad_(true);                                           // (B, T, C) leaf
            var logits = model.ForwardFromEmbeddings(E);                                           // (B, T, V)
            if (logits.dtype != ScalarType.Float64) logits = logits.to(ScalarType.Float32);         // grads in fp32 (§2.2)
            var rows = logits.reshape(B * T, -1).index_select(0, rowsIndex);                       // (ΣR, V): only supervised rows
            var nll = nn.functional.cross_entropy(rows, targetIds, reduction: nn.Reduction.None);
            (nll * rowWeights.to(nll.dtype)).sum().backward();
            return (E.grad!.detach().to(ScalarType.Float64), nll.detach());
        }

        Tensor attribution;                                                                         // (B, T)
        Tensor lastNll;
        var E64 = embeddings.to(ScalarType.Float64);
        switch (method.Kind)
        {
            case LeafScorers.GradientXInput:
            {
                var (G, nll) = GradientAt(embeddings);
                attribution = (G * E64).sum(-1).abs();
                lastNll = nll;
                break;
            }
            case LeafScorers.IntegratedGradients:
            {
                var sum = zeros_like(E64);
                lastNll = null!;
                for (var k = 0; k < method.Steps; k++)
                {
                    var alpha = (k + 0.5) / method.Steps;                                            // midpoint rule on [0, 1]
                    var scaled = embeddings * (1 - region.to(embeddings.dtype)) + embeddings * region.to(embeddings.dtype) * alpha;
                    var (G, nll) = GradientAt(scaled);
                    sum.add_(G);
                    lastNll = nll;
                }
                attribution = (sum / method.Steps * E64).sum(-1).abs();                              // (E − 0) · mean gradient
                break;
            }
            default:
            {
                var (G, nll) = GradientAt(embeddings);
                attribution = G.norm(-1);                                                          // ‖∂ℓ/∂E_i‖₂
                lastNll = nll;
                break;
            }
        }

        var flat = attribution.to(ScalarType.Float64).cpu().data<double>().ToArray();
        var losses = new double[B];                                                     // per-row ℓ, only to spot NaN/inf
        var nllValues = lastNll.to(ScalarType.Float64).cpu().data<double>().ToArray();
        for (var j = 0; j < nllValues.Length; j++) losses[targetRows[j] / T] += nllValues[j];

        var result = new double[]?[B];
        for (var b = 0; b < B; b++)
        {
            var r = batch[b];
            var g = flat.AsSpan(b * T + r.ScoredStart, r.ScoredLength).ToArray();
            result[b] = double.IsFinite(losses[b]) && g.All(double.IsFinite) ? g : null;
        }
        return result;
    }

    private static void Check(SaliencyRequest r, int context)
    {
        var L = r.TokenIds.Length;
        if (L > context) throw new ArgumentException($"A sequence of {L} tokens does not fit the model's context of {context}.");
        if (r.ResponseStart < 1 || r.ResponseStart >= L)
            throw new ArgumentException($"The response must start in [1, {L}) so at least one token is predicted (got {r.ResponseStart}).");
        if (r.ScoredStart < 0 || r.ScoredLength < 0 || r.ScoredStart + r.ScoredLength > L)
            throw new ArgumentException($"Scored region [{r.ScoredStart}, {r.ScoredStart + r.ScoredLength}) lies outside the {L} tokens.");
    }
}
