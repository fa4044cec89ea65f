using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed class ConfounderDetectorTests
{
    // Spec §2.8, the worked example.
    private static readonly double[] s_teacher = [2, 4, 1, 1, 6, 3, 5, 2];
    private static readonly double[] s_student = [1, 2, 5, 4, 1, 1, 3, 1];
    private static readonly bool[] s_none = new bool[8];

    private static TokenDetection Quantile(double rho, bool[]? isProtected = null, double cap = 0.5) =>
        ConfounderDetector.Detect(s_teacher, s_student, isProtected ?? s_none, new DetectionSettings(Rho: rho, Cap: cap));

    private static int[] FlaggedIndices(TokenDetection d) => [.. d.Flagged.Select((f, i) => (f, i)).Where(x => x.f).Select(x => x.i)];

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    [Fact]
    public void Detect_WorkedExample_NormalizesDifferencesAndDeltaAsSpecified()
    {
        var d = Quantile(0.10);
        Assert.Equal(DetectionStatus.Ok, d.Status);
        AssertClose([.2, .6, 0, 0, 1, .4, .8, .2], d.TeacherNormalized);
        AssertClose([0, .25, 1, .75, 0, 0, .5, 0], d.StudentNormalized);
        AssertClose([.2, .35, -1, -.75, 1, .4, .3, .2], d.Difference);
        AssertClose([.6, .675, 0, .125, 1, .7, .65, .6], d.Delta);
    }

    [Fact]
    public void Detect_WorkedExampleRho010_FlagsToken2Only()
    {
        var d = Quantile(0.10);
        Assert.Equal(0, d.Threshold, 1e-12);
        Assert.Equal([2], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(2, 3)], d.Spans);
    }

    [Fact]
    public void Detect_WorkedExampleRho015_FlagsOneSpanOfTokens2And3()
    {
        var d = Quantile(0.15);
        Assert.Equal(0.125, d.Threshold, 1e-12);
        Assert.Equal([2, 3], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(2, 4)], d.Spans);
    }

    [Fact]
    public void Detect_WorkedExampleRho025_CapsThresholdAtHalf()
    {
        var d = Quantile(0.25);
        Assert.Equal(0.5, d.Threshold, 1e-12);
        Assert.Equal([2, 3], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(2, 4)], d.Spans);
    }

    [Fact]
    public void Detect_WorkedExampleRho025WithoutCap_FlagsThreeSpans()
    {
        var d = Quantile(0.25, cap: 1.0);
        Assert.Equal(0.6, d.Threshold, 1e-12);
        Assert.Equal([0, 2, 3, 7], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(0, 1), new TokenSpan(2, 4), new TokenSpan(7, 8)], d.Spans);
    }

    [Fact]
    public void Detect_WorkedExampleToken3Whitespace_ProtectedTokenIsNotFlagged()
    {
        var isProtected = new bool[8];
        isProtected[3] = ProtectedTokens.IsProtected(" \n");
        var d = Quantile(0.15, isProtected);
        Assert.Equal(0.125, d.Threshold, 1e-12);               // the protected token still counts in the quantile
        Assert.Equal([2], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(2, 3)], d.Spans);
    }

    [Fact]
    public void Detect_ProtectedTokenBetweenFlags_SplitsTheSpan()
    {
        // Δ = [0, 0, 0, 1, ...]: tokens 0..2 are all at the minimum; token 1 is a newline.
        double[] teacher = [0, 0, 0, 1, 1];
        double[] student = [1, 1, 1, 0, 0];
        var d = ConfounderDetector.Detect(teacher, student, [false, true, false, false, false], new DetectionSettings(Rho: 0.10));
        Assert.Equal([0, 2], FlaggedIndices(d));
        Assert.Equal([new TokenSpan(0, 1), new TokenSpan(2, 3)], d.Spans);
    }

    [Theory]
    [InlineData(0.10, new[] { 2 })]                 // Δ < τ is strict: 0.125 is not below 0.125
    [InlineData(0.125, new[] { 2 })]
    [InlineData(0.13, new[] { 2, 3 })]
    [InlineData(0.61, new[] { 0, 2, 3, 7 })]        // no cap in absolute mode
    public void Detect_AbsoluteMode_FlagsDeltaStrictlyBelowTau(double tau, int[] expected)
    {
        var d = ConfounderDetector.Detect(s_teacher, s_student, s_none, new DetectionSettings(DetectionSettings.Absolute, Tau: tau));
        Assert.Equal(tau, d.Threshold);
        Assert.Equal(expected, FlaggedIndices(d));
    }

    [Theory]
    [InlineData(1, new[] { 2 })]
    [InlineData(2, new[] { 2, 3 })]
    [InlineData(3, new[] { 0, 2, 3, 7 })]                                   // the third lowest Δ, .6, is a tie of tokens 0 and 7
    public void Detect_TopBudget_FlagsTheLowestDeltaTokens(int budget, int[] expected)
    {
        var d = ConfounderDetector.Detect(s_teacher, s_student, s_none, new DetectionSettings(DetectionSettings.Top, MaxSpansPerSample: budget));
        Assert.Equal(expected, FlaggedIndices(d));
    }

    [Fact]
    public void Detect_TopBudgetWithTheLowestProtected_TakesTheNextUnprotected()
    {
        var isProtected = new bool[8];
        isProtected[2] = true;
        var d = ConfounderDetector.Detect(s_teacher, s_student, isProtected, new DetectionSettings(DetectionSettings.Top));
        Assert.Equal(0.125, d.Threshold, 1e-12);
        Assert.Equal([3], FlaggedIndices(d));
    }

    [Fact]
    public void BudgetThreshold_EverythingProtected_FlagsNothing()
    {
        Assert.Equal(double.NegativeInfinity, ConfounderDetector.BudgetThreshold([0.1, 0.2], [true, true], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfounderDetector.BudgetThreshold([0.1], [false], 0));
    }

    [Fact]
    public void Detect_MaxSpansPerSample_KeepsLowestMeanDeltaSpansInTextOrder()
    {
        // Without the cap: spans [0] (Δ .6), [2,3] (mean .0625), [7] (Δ .6).
        var settings = new DetectionSettings(Rho: 0.25, Cap: 1.0, MaxSpansPerSample: 2);
        var d = ConfounderDetector.Detect(s_teacher, s_student, s_none, settings);
        Assert.Equal(3, d.SpanCountBeforeLimit);
        Assert.Equal([new TokenSpan(0, 1), new TokenSpan(2, 4)], d.Spans);   // tie at .6: the earlier span wins
        Assert.Equal([0, 2, 3, 7], FlaggedIndices(d));                       // flags are not limited, only spans

        var one = ConfounderDetector.Detect(s_teacher, s_student, s_none, settings with { MaxSpansPerSample = 1 });
        Assert.Equal([new TokenSpan(2, 4)], one.Spans);
    }

    [Fact]
    public void Detect_EqualTeacherAndStudentShape_IsFlatAndFlagsNothing()
    {
        var d = ConfounderDetector.Detect([1, 2, 3], [10, 20, 30], [false, false, false], new DetectionSettings());
        Assert.Equal(DetectionStatus.Flat, d.Status);                         // δ ≡ 0
        Assert.DoesNotContain(true, d.Flagged);
        Assert.Empty(d.Spans);
    }

    [Fact]
    public void Detect_ConstantTeacherNorms_IsFlat()
    {
        var d = ConfounderDetector.Detect([2, 2, 2], [1, 3, 2], [false, false, false], new DetectionSettings());
        Assert.Equal(DetectionStatus.Flat, d.Status);
        Assert.Empty(d.Spans);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Detect_FewerThanTwoTokens_IsTooShort(int n)
    {
        var d = ConfounderDetector.Detect(new double[n], new double[n], new bool[n], new DetectionSettings());
        Assert.Equal(DetectionStatus.TooShort, d.Status);
        Assert.Equal(n, d.Flagged.Length);
        Assert.Empty(d.Spans);
    }

    [Fact]
    public void Detect_NaNNorm_IsNonFiniteNotAnException()
    {
        var d = ConfounderDetector.Detect([1, double.NaN], [1, 2], [false, false], new DetectionSettings());
        Assert.Equal(DetectionStatus.NonFinite, d.Status);
    }

    [Fact]
    public void Detect_RhoOne_UsesLargestDeltaWithoutIndexError()
    {
        var d = ConfounderDetector.Detect(s_teacher, s_student, s_none, new DetectionSettings(Rho: 1.0, Cap: 2.0));
        Assert.Equal(1.0, d.Threshold, 1e-12);
        Assert.All(d.Flagged, Assert.True);
    }

    [Theory]
    [InlineData("median", 0.1, 0.1, 0.5)]
    [InlineData("quantile", 1.5, 0.1, 0.5)]
    [InlineData("absolute", 0.1, -0.1, 0.5)]
    public void Detect_InvalidSettings_Throws(string mode, double rho, double tau, double cap) =>
        Assert.Throws<ArgumentException>(() => ConfounderDetector.Detect(s_teacher, s_student, s_none, new DetectionSettings(mode, rho, tau, cap)));

    [Fact]
    public void Detect_MismatchedLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => ConfounderDetector.Detect([1, 2], [1, 2, 3], [false, false], new DetectionSettings()));
}
