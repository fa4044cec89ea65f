using TorchSharp;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// The logit terms of a loss computed a chunk of target rows at a time, the head's matmul included, so the (B, T, V)
/// logits of neither model are ever held whole (the memory-efficient losses of TRL and Liger; objectives.md §12,
/// "Memory-efficient loss (fused / chunked)"). Per chunk of n of the N target rows: the student's logits
/// <c>z_S = head(h_S)</c> (n, V), the teacher's likewise under no_grad, every term on them, and at once the gradient of
/// <c>Σ_i w_i · L_i · n/N</c> w.r.t. the chunk's hidden rows and the head's weights; then the chunk's tensors are freed.
/// Terms with a closed-form gradient (<see cref="IClosedFormGradient"/>: CE, forward KL) hand ∂L_i/∂z_S to the head's
/// backward directly; the others go through autograd's graph of the term.
/// </summary>
/// <remarks>
/// Exact for token-mean terms (every logit term here, objectives.md §0): a term's mean over the chunk weighted by its
/// share n/N of the rows sums to its mean over all N. The gradients reach the trunk through a surrogate,
/// <c>Σ h_S ⊙ ∂L/∂h_S + Σ W ⊙ ∂L/∂W</c>, added as <c>s − detach(s)</c> (exactly 0) to the detached value, so
/// <c>backward()</c> on the total delivers them and the loss's value is untouched. One backward, no double backward.
/// </remarks>
public static class ChunkedLogitLoss
{
    /// <summary>Logit elements per chunk (8 MB of fp32): 256 rows at V = 8192, the whole batch for small vocabularies.</summary>
    public const long DefaultChunkElements = 1L << 21;

    /// <summary>Rows per chunk for a vocabulary of <paramref name="vocabSize"/> so that a chunk's logits hold about <see cref="DefaultChunkElements"/> values.</summary>
    public static long DefaultRows(long vocabSize) => Math.Max(16, DefaultChunkElements / Math.Max(1, vocabSize));

    /// <summary>Whether <paramref name="objective"/> is a token mean over target rows of the two models' logits alone.</summary>
    public static bool Supports(IObjective objective) =>
        objective is CrossEntropyObjective or DivergenceObjective or PlackettLuceObjective;

    /// <summary>
    /// Total (with the graph into <paramref name="studentHidden"/> and the head, when autograd is on) and the unweighted term
    /// values, from the last hidden states (B, T, C) of both models and the labels (B, T).
    /// </summary>
    public static (Tensor Total, Tensor[] Values) Compute(IReadOnlyList<(IObjective Objective, double Weight)> terms,
                                                          ISplitHead student, Tensor studentHidden,
                                                          ISplitHead? teacher, Tensor? teacherHidden, Tensor labels, long chunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        using var mask = TargetRows.Mask(labels);                                          // (B, T)
        using var targets = labels.index([mask]);                                          // (N)
        using var h_S = studentHidden.index([mask]);                                       // (N, C_S), with the graph
        using var h_T = teacherHidden?.index([mask]);                                      // (N, C_T)
        var N = targets.shape[0];
        var withGradient = is_grad_enabled() && h_S.requires_grad;
        var headWeights = withGradient ? student.HeadParameters.Where(p => p.requires_grad).ToArray() : [];

        var sums = terms.Select(_ => zeros(1, dtype: ScalarType.Float64, device: h_S.device)).ToArray();   // Σ_chunks L_i·n/N
        using var gradHidden = withGradient ? zeros_like(h_S) : null;                    // ∂L/∂h_S (N, C_S)
        var gradWeights = headWeights.Select(w => zeros_like(w)).ToArray();              // ∂L/∂W
        try
        {
            for (long start = 0; start < N; start += chunkRows)
            {
                using var scope = NewDisposeScope();                                       // the chunk's logits and graph end here
                var n = Math.Min(chunkRows, N - start);
                var share = (double)n / N;
                var y = targets.narrow(0, start, n);                                      // (n)
                Tensor? z_T = null;
                if (h_T is not null)
                    using (no_grad()) z_T = teacher!.Head(h_T.narrow(0, start, n));       // (n, V)
                var h_c = h_S.narrow(0, start, n).detach().requires_grad_(withGradient);  // (n, C_S), a leaf of its own
                using var grad = set_grad_enabled(withGradient);
                var z_S = student.Head(h_c);                                               // (n, V)
                Tensor? chunkLoss = null;      // Σ w_i·L_i·n/N over the terms autograd differentiates
                Tensor? logitGradient = null;  // Σ w_i·(n/N)·∂L_i/∂z_S over the closed-form ones
                for (var i = 0; i < terms.Count; i++)
                {
                    var weight = terms[i].Weight * share;
                    Tensor mean;                                                           // the chunk's token mean
                    if (withGradient && terms[i].Objective is IClosedFormGradient closedForm)
                    {
                        (mean, var gradient) = closedForm.MeanAndGradient(z_S, z_T, y);
                        logitGradient = logitGradient is null ? gradient.mul_(weight) : logitGradient.add_(gradient, alpha: weight);
                    }
                    else
                    {
                        mean = terms[i].Objective.Compute(z_S.unsqueeze(0), z_T?.unsqueeze(0), y.unsqueeze(0));
                        var weighted = mean * weight;
                        chunkLoss = chunkLoss is null ? weighted : chunkLoss + weighted;
                    }
                    sums[i].add_(mean.detach().to(ScalarType.Float64), alpha: share);
                }
                if (!withGradient) continue;
                List<Tensor> outputs = [], outputGradients = [];
                if (chunkLoss is not null) { outputs.Add(chunkLoss); outputGradients.Add(ones_like(chunkLoss)); }
                if (logitGradient is not null) { outputs.Add(z_S); outputGradients.Add(logitGradient.to(z_S.dtype)); }
                var grads = torch.autograd.grad(outputs, [h_c, .. headWeights], outputGradients, allow_unused: true);
                gradHidden!.narrow(0, start, n).copy_(grads[0]);
                for (var j = 0; j < headWeights.Length; j++)
                    if (grads[j + 1] is { IsInvalid: false } g) gradWeights[j].add_(g);
            }

            var values = sums.Select(s => s.squeeze(0)).ToArray();                        // (), fp64
            using var value = terms.Select((t, i) => values[i] * t.Weight).Aggregate((a, b) => a + b);
            if (!withGradient) return (value.to(h_S.dtype), values);
            using var surrogate = Surrogate(h_S, gradHidden!, headWeights, gradWeights);   // s, with the graph
            using var zero = surrogate - surrogate.detach();                               // exactly 0, gradient ∂L
            using var valueAsDtype = value.to(zero.dtype);
            return (valueAsDtype + zero, values);
        }
        finally
        {
            foreach (var s in sums) s.Dispose();
            foreach (var g in gradWeights) g.Dispose();
        }
    }

    // Σ h ⊙ ∂L/∂h + Σ_W W ⊙ ∂L/∂W: its gradient is (∂L/∂h, ∂L/∂W).
    private static Tensor Surrogate(Tensor hidden, Tensor gradHidden, Tensor[] weights, Tensor[] gradWeights)
    {
        using var product = hidden * gradHidden;
        var s = product.sum();
        for (var j = 0; j < weights.Length; j++)
        {
            using var term = weights[j] * gradWeights[j];
            using var termSum = term.sum();
            using var previous = s;
            s = previous + termSum;
        }
        return s;
    }
}
