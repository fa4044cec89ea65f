using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// Moves per-token scores between two tokenizations of the same text (spec §7.1): when the teacher's and the
/// student's scored regions are tokenized differently, the teacher's norms are mapped onto the student's tokens.
/// </summary>
public static class ScoreAlignment
{
    /// <summary>True when both tokenizations cut the region at the same characters, so scores correspond one to one.</summary>
    public static bool AreIdentical(IReadOnlyList<CharSpan> a, IReadOnlyList<CharSpan> b) => a.SequenceEqual(b);

    /// <summary>
    /// For each target token, the maximum score of the source tokens whose character ranges overlap it (by at least
    /// one character). A target token that overlaps none (an empty range, or characters no source token covers)
    /// takes the maximum over the source tokens nearest to it in characters: a made-up 0 would read as "the teacher
    /// ignores this token" and could flag it.
    /// </summary>
    public static double[] MapByCharacterOverlap(IReadOnlyList<CharSpan> fromOffsets, IReadOnlyList<double> fromScores,
                                                 IReadOnlyList<CharSpan> toOffsets)
    {
        if (fromOffsets.Count != fromScores.Count)
            throw new ArgumentException($"{fromOffsets.Count} source offsets but {fromScores.Count} scores.");
        if (fromOffsets.Count == 0 && toOffsets.Count > 0)
            throw new ArgumentException("There are no source tokens to take scores from.");

        var mapped = new double[toOffsets.Count];
        for (var j = 0; j < toOffsets.Count; j++)
        {
            var target = toOffsets[j];
            var best = double.NegativeInfinity;
            for (var i = 0; i < fromOffsets.Count; i++)
                if (fromOffsets[i].Overlap(target) > 0) best = Math.Max(best, fromScores[i]);
            mapped[j] = double.IsNegativeInfinity(best) ? Nearest(fromOffsets, fromScores, target) : best;
        }
        return mapped;
    }

    private static double Nearest(IReadOnlyList<CharSpan> fromOffsets, IReadOnlyList<double> fromScores, CharSpan target)
    {
        static int Distance(CharSpan a, CharSpan b) => Math.Max(0, Math.Max(a.Start - b.End, b.Start - a.End));
        var nearest = fromOffsets.Min(o => Distance(o, target));
        return Enumerable.Range(0, fromOffsets.Count).Where(i => Distance(fromOffsets[i], target) == nearest).Max(i => fromScores[i]);
    }
}
