using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// Greedy answers to problems, batched: what exact-match accuracy, distractor copying and LeaF's right/wrong selection are
/// all read from. The caller chooses eval mode.
/// </summary>
public static class GreedyAnswers
{
    /// <summary>The generated ids for each problem (the answer, then &lt;eos&gt; when one was produced), in order.</summary>
    public static IReadOnlyList<int[]> Of(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> problems, IRunTokenizer tokenizer,
                                          Device? device = null, int batchSize = 128)
    {
        var answers = new List<int[]>(problems.Count);
        foreach (var chunk in problems.Chunk(batchSize))
        {
            var maxNew = chunk.Max(p => p.AnswerIds.Length) + 1;                              // the answer, then <eos>
            answers.AddRange(GreedyDecoder.Generate(model, [.. chunk.Select(p => p.PromptIds.ToArray())], maxNew,
                                                    tokenizer.EosId, tokenizer.PadId, device));
        }
        return answers;
    }

    /// <summary>True when <paramref name="generated"/> is exactly the problem's answer followed by &lt;eos&gt;.</summary>
    public static bool IsRight(ArithmeticProblem problem, ReadOnlySpan<int> generated, int eosId) =>
        generated.SequenceEqual([.. problem.AnswerIds, eosId]);
}
