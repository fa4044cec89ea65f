using Workbench.Experiments;
using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed class DetectionQualityTests
{
    private static CharSpan[] Tokens(int count, int width) => [.. Enumerable.Range(0, count).Select(i => new CharSpan(i * width, (i + 1) * width))];

    // Hand-worked: 3 samples, 4 flagged tokens, 2 of them inside gold, 4 unprotected gold tokens.
    private static readonly QualitySample[] s_samples =
    [
        // Gold [4, 8) covers tokens 2 and 3; token 5 is protected. LeaF flags 2 (inside) and 4 (outside).
        new(Tokens(6, 2), [false, false, false, false, false, true], [0.9, 0.1, 0.5, 0.8, 0.3, 1.0],
            [false, false, true, false, true, false], [new CharSpan(4, 8)]),
        // Gold [0, 4) overlaps token 0 fully and token 1 by one character. LeaF flags token 0.
        new(Tokens(4, 3), [false, false, false, false], [0.2, 0.4, 1.0, 0.0],
            [true, false, false, false], [new CharSpan(0, 4)]),
        // Gold lies beyond the tokens: nothing can hit.
        new(Tokens(3, 1), [false, false, false], [1.0, 0.0, 0.0], [false, true, false], [new CharSpan(100, 110)]),
    ];

    [Fact]
    public void Evaluate_HandWorkedSamples_LeafScores()
    {
        var leaf = DetectionQuality.Evaluate(s_samples).Leaf;
        Assert.Equal((3, 4, 4, 2), (leaf.Samples, leaf.FlaggedTokens, leaf.GoldTokens, leaf.TruePositives));
        Assert.Equal(0.5, leaf.Precision, 1e-12);
        Assert.Equal(0.5, leaf.Recall, 1e-12);
        Assert.Equal(0.5, leaf.F1, 1e-12);
        Assert.Equal(2.0 / 3, leaf.HitRate, 1e-12);             // samples 1 and 2
        Assert.Equal(1.0 / 3, leaf.MostlyInsideShare, 1e-12);   // only sample 2 (sample 1 is exactly half)
    }

    [Fact]
    public void Evaluate_HandWorkedSamples_SpanLevelScores()
    {
        // Flagged spans: [2] and [4] in sample 1, [0] in sample 2, [1] in sample 3; two of the four touch gold.
        // Gold spans found: sample 1's (by token 2) and sample 2's, not sample 3's.
        var leaf = DetectionQuality.Evaluate(s_samples).Leaf;
        Assert.Equal(0.5, leaf.SpanPrecision, 1e-12);
        Assert.Equal(2.0 / 3, leaf.SpanRecall, 1e-12);
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), leaf.SpanF1, 1e-12);
    }

    [Fact]
    public void Evaluate_HandWorkedSamples_StudentOnlyFlagsTopStudentTokensNeverProtected()
    {
        Assert.Equal([true, false, false, true, false, false], DetectionQuality.StudentOnlyFlags(s_samples[0]));   // not token 5 (protected, 1.0)
        var studentOnly = DetectionQuality.Evaluate(s_samples).StudentOnly;
        Assert.Equal((4, 1), (studentOnly.FlaggedTokens, studentOnly.TruePositives));
        Assert.Equal(0.25, studentOnly.Precision, 1e-12);
        Assert.Equal(0.25, studentOnly.Recall, 1e-12);
        Assert.Equal(0.25, studentOnly.F1, 1e-12);
        Assert.Equal(1.0 / 3, studentOnly.HitRate, 1e-12);
        Assert.Equal(0, studentOnly.MostlyInsideShare);
    }

    [Fact]
    public void Evaluate_RandomBaseline_SameCountPerSampleNeverProtectedAndSeeded()
    {
        var a = DetectionQuality.Evaluate(s_samples, randomSeed: 7).Random;
        var b = DetectionQuality.Evaluate(s_samples, randomSeed: 7).Random;
        Assert.Equal(a, b);
        Assert.Equal(4, a.FlaggedTokens);

        var random = new Random(3);
        for (var trial = 0; trial < 50; trial++)
        {
            var flags = DetectionQuality.RandomFlags(s_samples[0], random);
            Assert.Equal(2, flags.Count(f => f));
            Assert.False(flags[5]);
        }
    }

    [Fact]
    public void Score_NothingFlaggedNoGold_AllZeroWithoutDividingByZero()
    {
        QualitySample[] empty = [new(Tokens(2, 1), [false, false], [0, 1], [false, false], [])];
        var scores = DetectionQuality.Evaluate(empty).Leaf;
        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (scores.Precision, scores.Recall, scores.F1, scores.HitRate, scores.MostlyInsideShare));
    }

    [Fact]
    public void Score_MismatchedLengths_Throws()
    {
        QualitySample[] bad = [new(Tokens(2, 1), [false], [0, 1], [false, false], [])];
        Assert.Throws<ArgumentException>(() => DetectionQuality.Evaluate(bad));
    }
}
