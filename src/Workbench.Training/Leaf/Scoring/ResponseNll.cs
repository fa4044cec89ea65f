using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// ℓ of spec §2.2 without the gradient: the mean next-token NLL of each problem's supervised tokens (its response and
/// &lt;eos&gt;), in nats, batched by length under <c>no_grad()</c> and eval mode.
/// </summary>
public static class ResponseNll
{
    public static double[] Of(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> problems, int padId, Device device, int batchSize = 64)
    {
        if (batchSize < 1) throw new ArgumentException($"Batch size must be at least 1 (got {batchSize}).");
        var result = new double[problems.Count];
        var wasTraining = model.training;
        model.eval();
        try
        {
            var byLength = Enumerable.Range(0, problems.Count).OrderBy(i => problems[i].TokenIds.Length).ToArray();
            foreach (var chunk in byLength.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                using var batch = Batch.Collate([.. chunk.Select(i => problems[i])], padId, device);
                var mean = Mean(model.call(batch.InputIds), batch.Labels);
                for (var b = 0; b < chunk.Length; b++) result[chunk[b]] = mean[b];
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return result;
    }

    /// <summary>Per row, the mean NLL of the labelled positions: logits (B, T, V), labels (B, T) with −100 where nothing is predicted.</summary>
    internal static double[] Mean(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (B, T, V) = (logits.shape[0], logits.shape[1], logits.shape[2]);
        var nll = nn.functional.cross_entropy(logits.to(ScalarType.Float32).reshape(B * T, V), labels.reshape(B * T),
                                              ignore_index: Batch.IgnoreIndex, reduction: nn.Reduction.None).reshape(B, T);
        var counts = labels.ne(Batch.IgnoreIndex).sum(1).to(ScalarType.Float32);                       // (B,) supervised tokens
        return (nll.sum(1) / counts).to(ScalarType.Float64).cpu().data<double>().ToArray();
    }
}
