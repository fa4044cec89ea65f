using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// From one scorer's raw scores to flags (spec §2.3–2.6 plus issue 14's unit decisions and answer protection): group tokens
/// into <paramref name="unit"/>s, protect tokens the scorer did not measure and salient numbers (gradient scorers, when
/// <paramref name="protectNumbersAbove"/> is set),
/// then let <see cref="ConfounderDetector"/> normalize, compare and threshold.
/// </summary>
public static class FlagDecision
{
    /// <returns>The detection and the protection it used (the base protection plus protected answer numbers and their units).</returns>
    public static (TokenDetection Detection, bool[] Protected) Decide(string prompt, IReadOnlyList<CharSpan> offsets, IReadOnlyList<bool> baseProtected,
                                                                      RawScores raw, DetectionSettings settings, string unit = LeafSpanUnits.Token,
                                                                      double? protectNumbersAbove = null)
    {
        var units = SpanUnits.Of(prompt, offsets, unit);
        var isProtected = baseProtected.ToArray();
        if (raw.Scored is { } scored)
            for (var i = 0; i < isProtected.Length; i++) isProtected[i] |= !scored[i];
        if (protectNumbersAbove is { } threshold && !raw.CompareRaw)
        {
            var teacher = MinMax.Normalize(raw.Teacher, out _);
            var numbers = SpanUnits.Widen(AnswerProtection.SalientNumbers(prompt, offsets, teacher, threshold), units);
            for (var i = 0; i < isProtected.Length; i++) isProtected[i] |= numbers[i];
        }
        return (ConfounderDetector.Detect(raw.Teacher, raw.Student, isProtected, settings, units, raw.CompareRaw), isProtected);
    }
}
