using System.Diagnostics;
using Workbench.Experiments.OnPolicy;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Trainer.Generated;

/// <summary>
/// Shows what an on-policy run trains on: at its first on-policy micro-batch and then at most once per <paramref name="interval"/>,
/// the teacher scores the first <see cref="PolicySamples.MaxSamples"/> completions the student sampled (one extra no-grad forward
/// of those rows) and the run reports them, token by token with log p_teacher(token | prefix), with the on-policy share so far.
/// </summary>
/// <param name="teacher">The run's teacher, or null (a teacher of another tokenizer cannot score the student's tokens): the tokens are reported without scores.</param>
public sealed class PolicySampleProbe(ICausalLanguageModel? teacher, IRunTokenizer tokenizer, Device device, ITrainingReporter reporter, TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private long _lastReport = long.MinValue;

    /// <summary>Reports <paramref name="sampled"/> (the student's completions at <paramref name="step"/>) when a report is due.</summary>
    public void Offer(long step, IReadOnlyList<ArithmeticProblem> sampled, long onPolicyBatches, long batches)
    {
        if (sampled.Count == 0) return;
        if (_lastReport != long.MinValue && Stopwatch.GetElapsedTime(_lastReport) < interval) return;
        _lastReport = Stopwatch.GetTimestamp();
        var shown = sampled.Take(PolicySamples.MaxSamples).ToArray();
        var logProbs = teacher is null ? null : TeacherLogProbs(shown);
        var samples = shown.Select((p, b) => new PolicySample(p.Prompt, [.. Completion(p).Select((t, i) =>
            new PolicyToken(tokenizer.Decode([p.TokenIds[t]]), logProbs?[b][i]))])).ToArray();
        reporter.StudentSamples(new PolicySamples(step, onPolicyBatches, batches, samples).Bounded());
    }

    // Positions of the completion's tokens in the problem's ids, at most MaxTokens of them.
    private static IEnumerable<int> Completion(ArithmeticProblem problem) =>
        Enumerable.Range(problem.AnswerStart, Math.Min(problem.TokenIds.Length - problem.AnswerStart, PolicySamples.MaxTokens));

    // log p_teacher(x_t | x_<t) of each completion token, per row: Labels[b, t] is x_{t+1}, so the batch's supervised positions are exactly these.
    private double[][] TeacherLogProbs(ArithmeticProblem[] problems)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var batch = Batch.Collate(problems, tokenizer.PadId, device);
        var logits = teacher!.call(batch.InputIds);                                                   // (B, T, V)
        var logp = log_softmax(logits.to(ScalarType.Float32), -1);                                   // (B, T, V)
        var target = batch.Labels.clamp_min(0).unsqueeze(-1);                                        // (B, T, 1)
        var scores = logp.gather(-1, target).squeeze(-1).cpu().data<float>().ToArray();              // (B·T)
        var T = (int)batch.InputIds.shape[1];
        return [.. problems.Select((p, b) => Completion(p).Select(t => (double)scores[b * T + t - 1]).ToArray())];
    }
}
