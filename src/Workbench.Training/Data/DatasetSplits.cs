using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>What a run trains and evaluates on.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Eval">The split scored during training (eval/loss, eval/accuracy).</param>
/// <param name="Tokenizer">The vocabulary of every split; its id is stored in checkpoints.</param>
/// <param name="ExtraEvalSplits">
/// Further held-out splits by name (e.g. "ood", "test"), empty for datasets without any. Evaluation sets name their split
/// through this dictionary, plus "eval" (<see cref="Eval"/>) and "train" (Evaluation.EvalSetSources).
/// </param>
public sealed record DatasetSplits(
    IReadOnlyList<ArithmeticProblem> Train,
    IReadOnlyList<ArithmeticProblem> Eval,
    IRunTokenizer Tokenizer,
    IReadOnlyDictionary<string, IReadOnlyList<ArithmeticProblem>> ExtraEvalSplits)
{
    /// <summary>The name of the split in <see cref="Eval"/>: "eval", or "test" for an imported dataset without an eval split.</summary>
    public string EvalName { get; init; } = Workbench.Experiments.Datasets.DatasetSplitNames.Eval;

    /// <summary>
    /// Any split by name, as an evaluation set names it: "train", <see cref="EvalName"/>, or one of
    /// <see cref="ExtraEvalSplits"/> ("test", "ood", ...); null when the dataset has no such split.
    /// </summary>
    public IReadOnlyList<ArithmeticProblem>? Named(string split) =>
        split == Workbench.Experiments.Datasets.DatasetSplitNames.Train ? Train
        : split == EvalName ? Eval
        : ExtraEvalSplits.GetValueOrDefault(split);

    /// <summary>
    /// The problem with another prompt and the same answer, tokenised like the dataset (a LeaF counterfactual); null when
    /// it cannot be (an unknown word, too long).
    /// </summary>
    public Func<ArithmeticProblem, string, ArithmeticProblem?> WithPrompt { get; init; } = (original, prompt) =>
    {
        if (Tokenizer is not WordTokenizer words) return null;
        try { return ArithmeticProblems.ToProblem(words, prompt, original.Answer, original.Template); }
        catch (ArgumentException) { return null; }
    };

    /// <summary>Character range of each token of a text, as the dataset's tokenizer splits it (space-separated words by default).</summary>
    public Func<string, CharSpan[]> OffsetsOf { get; init; } = WordTokenizer.WordOffsets;

    /// <summary>
    /// The problem with its response replaced by <c>prefix + remainder</c> where only the remainder is supervised (the prefix is
    /// context): a response-level counterfactual (leaf.md §3.2). Null when it cannot be tokenised.
    /// </summary>
    public Func<ArithmeticProblem, string, string, ArithmeticProblem?> WithResponse { get; init; } = (original, prefix, remainder) =>
        ResponseProblems.With(original, Tokenizer.Encode(prefix), Tokenizer.Encode(remainder), remainder, Tokenizer);
}
