using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// One sample's detection next to its gold confounder spans (e.g. a distractor sentence the dataset inserted), for
/// <see cref="DetectionQuality"/>. All per-token lists have one entry per scored token.
/// </summary>
/// <param name="TokenOffsets">Character range of each scored token.</param>
/// <param name="IsProtected">Tokens no method may flag; they are not counted as gold tokens either.</param>
/// <param name="StudentNormalized">ĝˢ, which the student-only baseline ranks by.</param>
/// <param name="Flagged">LeaF's flags.</param>
/// <param name="GoldSpans">Character ranges of the true confounders, in the same text as the offsets.</param>
public sealed record QualitySample(
    IReadOnlyList<CharSpan> TokenOffsets,
    IReadOnlyList<bool> IsProtected,
    IReadOnlyList<double> StudentNormalized,
    IReadOnlyList<bool> Flagged,
    IReadOnlyList<CharSpan> GoldSpans);
