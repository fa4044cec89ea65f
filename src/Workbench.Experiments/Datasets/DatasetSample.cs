namespace Workbench.Experiments.Datasets;

/// <summary>One line of an imported dataset.</summary>
/// <param name="Prompt">What the model is given.</param>
/// <param name="Completion">What the model should produce (the training target).</param>
/// <param name="Answer">Optional short gold answer for exact-match checking (e.g. "8").</param>
/// <param name="ConfounderSpans">
/// Optional known distractors in <see cref="Prompt"/> as UTF-16 offsets, sorted and non-overlapping; used only for evaluation.
/// </param>
/// <param name="Split">
/// The split's lower-case name (<see cref="DatasetSplitNames"/>): given in the file or by the upload, or "train" / "eval" as
/// assigned by <see cref="DatasetSplitter"/>.
/// </param>
public sealed record DatasetSample(
    string Prompt,
    string Completion,
    string? Answer,
    IReadOnlyList<CharSpan>? ConfounderSpans,
    string Split);
