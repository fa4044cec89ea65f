using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// Scores a model on fixed subsets of the eval split: cross-entropy (and forward KL and top-1 agreement with a teacher) on the
/// first <c>lossSamples</c> problems, exact-match accuracy of batched greedy answers on the first
/// <c>accuracySamples</c>. Fixed subsets keep the numbers comparable across steps and runs.
/// </summary>
public sealed class Evaluator
{
    private readonly IReadOnlyList<ArithmeticProblem> _lossSet;
    private readonly IReadOnlyList<ArithmeticProblem> _accuracySet;
    private readonly IRunTokenizer _tokenizer;
    private readonly Device _device;
    private readonly ForwardKlObjective _forwardKl;
    private readonly int _batchSize;
    private readonly CrossEntropyObjective _crossEntropy = new();

    public Evaluator(IReadOnlyList<ArithmeticProblem> evalSplit, IRunTokenizer tokenizer, Device device,
                     int lossSamples = 256, int accuracySamples = 200, ForwardKlObjective? forwardKl = null, int batchSize = 128)
    {
        _lossSet = [.. evalSplit.Take(lossSamples)];
        _accuracySet = [.. evalSplit.Take(accuracySamples)];
        _tokenizer = tokenizer;
        _device = device;
        _forwardKl = forwardKl ?? new ForwardKlObjective();
        _batchSize = batchSize;
    }

    /// <summary>Evaluates <paramref name="model"/> in eval mode under no_grad and restores its previous mode.</summary>
    public EvalResult Evaluate(ICausalLanguageModel model, ICausalLanguageModel? teacher = null)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            var (loss, kl, agreement) = Losses(model, teacher);
            return new EvalResult(loss, Accuracy(model), kl, agreement);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private (double Loss, double? ForwardKl, double? Top1Agreement) Losses(ICausalLanguageModel model, ICausalLanguageModel? teacher)
    {
        using var _ = no_grad();
        double ceSum = 0, klSum = 0;
        long targets = 0, agreeing = 0;
        foreach (var chunk in _lossSet.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            var batch = Batch.Collate(chunk, _tokenizer.PadId, _device);
            var logits = model.call(batch.InputIds);                                        // (B, T, V)
            ceSum += _crossEntropy.Compute(logits, batch.Labels).item<float>() * batch.TargetCount;
            if (teacher is not null)
            {
                var teacherLogits = teacher.call(batch.InputIds);                            // (B, T, V)
                klSum += _forwardKl.Compute(logits, teacherLogits, batch.Labels).item<float>() * batch.TargetCount;
                var same = logits.argmax(-1).eq(teacherLogits.argmax(-1));                  // (B, T)
                agreeing += same.logical_and(batch.Labels.ne(Batch.IgnoreIndex)).sum().item<long>();
            }
            targets += batch.TargetCount;
        }
        var n = Math.Max(1, targets);
        return teacher is null ? (ceSum / n, null, null) : (ceSum / n, klSum / n, (double)agreeing / n);
    }

    private double Accuracy(ICausalLanguageModel model)
    {
        if (_accuracySet.Count == 0) return 0;
        var answers = GreedyAnswers.Of(model, _accuracySet, _tokenizer, _device, _batchSize);
        return (double)_accuracySet.Where((p, i) => GreedyAnswers.IsRight(p, answers[i], _tokenizer.EosId)).Count() / _accuracySet.Count;
    }
}
