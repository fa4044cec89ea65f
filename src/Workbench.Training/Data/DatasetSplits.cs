namespace Workbench.Training.Data;

/// <summary>What a run trains and evaluates on.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Eval">The split scored during training (eval/loss, eval/accuracy).</param>
/// <param name="Tokenizer">The vocabulary of every split; its id is stored in checkpoints.</param>
/// <param name="ExtraEvalSplits">
/// Further held-out splits by name (<see cref="Workbench.Experiments.BuiltInDatasets.ExtraEvalSplits"/>), empty for
/// datasets without any.
/// </param>
public sealed record DatasetSplits(
    IReadOnlyList<ArithmeticProblem> Train,
    IReadOnlyList<ArithmeticProblem> Eval,
    WordTokenizer Tokenizer,
    IReadOnlyDictionary<string, IReadOnlyList<ArithmeticProblem>> ExtraEvalSplits);
