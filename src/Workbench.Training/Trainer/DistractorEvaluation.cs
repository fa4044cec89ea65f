using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// Greedy accuracy and distractor copy rate of a model on a distractor split: the measurement that shows whether a
/// model solves the problem or copies the number of the irrelevant sentence.
/// </summary>
public static class DistractorEvaluation
{
    /// <summary>Answers every problem of <paramref name="split"/> greedily, in eval mode (restored afterwards).</summary>
    /// <exception cref="ArgumentException">A problem has no <see cref="ArithmeticProblem.Distractor"/>.</exception>
    public static DistractorScore Evaluate(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> split, IRunTokenizer tokenizer,
                                           Device? device = null, int batchSize = 128)
    {
        if (split.Any(p => p.Distractor is null)) throw new ArgumentException("Every problem needs a distractor number.", nameof(split));
        if (split.Count == 0) return new DistractorScore(0, 0, 0);
        var wasTraining = model.training;
        model.eval();
        try
        {
            var answers = GreedyAnswers.Of(model, split, tokenizer, device, batchSize);
            int correct = 0, copied = 0;
            for (var i = 0; i < split.Count; i++)
            {
                if (GreedyAnswers.IsRight(split[i], answers[i], tokenizer.EosId)) correct++;
                if (answers[i].AsSpan().SequenceEqual([.. tokenizer.Encode(split[i].Distractor!), tokenizer.EosId])) copied++;
            }
            return new DistractorScore(split.Count, (double)correct / split.Count, (double)copied / split.Count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
