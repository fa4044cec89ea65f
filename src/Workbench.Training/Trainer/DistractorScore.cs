namespace Workbench.Training.Trainer;

/// <summary>How a model answers problems that carry a distractor number.</summary>
/// <param name="Count">Problems scored.</param>
/// <param name="Accuracy">Share of greedy answers equal to the gold answer.</param>
/// <param name="CopyRate">
/// Share of greedy answers equal to the distractor number. On a split where the distractor never is the answer
/// (<c>ood</c>) this is the share of problems the model gets wrong by copying.
/// </param>
public sealed record DistractorScore(int Count, double Accuracy, double CopyRate);
