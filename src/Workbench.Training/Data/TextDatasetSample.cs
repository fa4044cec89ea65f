using Workbench.Experiments.Datasets;

namespace Workbench.Training.Data;

/// <summary>An imported sample, its tokens with character offsets, and the sequence the trainer sees.</summary>
/// <param name="Problem">&lt;bos&gt; prompt &lt;sep&gt; completion &lt;eos&gt;, in the trainer's record (see <see cref="TextDatasetProblems"/>).</param>
/// <param name="ConfounderTokenRanges">
/// Each confounder span as a [start, end) range of indices into <see cref="ArithmeticProblem.TokenIds"/> (so &lt;bos&gt; counted).
/// </param>
public sealed record TextDatasetSample(
    DatasetSample Source,
    IReadOnlyList<TextDatasetToken> PromptTokens,
    IReadOnlyList<TextDatasetToken> CompletionTokens,
    ArithmeticProblem Problem,
    IReadOnlyList<(int Start, int End)> ConfounderTokenRanges);
