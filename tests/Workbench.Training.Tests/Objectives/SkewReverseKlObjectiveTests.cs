using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class SkewReverseKlObjectiveTests : TorchTest
{
    private static readonly float s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_DefaultAlpha_MatchesHandValue()
    {
        // q = [¼, ¾], p = [½, ½], mix = 0.1q + 0.9p = [0.475, 0.525]
        // SRKL = ¼ ln(0.25 / 0.475) + ¾ ln(0.75 / 0.525) = −0.1604658 + 0.2675085 = 0.1070427
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var srkl = new SkewReverseKlObjective().Compute(student, teacher, labels);
        Assert.Equal(0.1070427, srkl.item<float>(), 5);
    }

    [Fact]
    public void Compute_AlphaZero_EqualsReverseKl()
    {
        foreach (var seed in Seeds) AssertClose(RandomValue(new ReverseKlObjective(), seed), RandomValue(new SkewReverseKlObjective(0), seed));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Compute_ExtremeLogits_AtMostLogOneOverAlpha(double alpha)
    {
        foreach (var seed in Seeds) Assert.True(RandomValue(new SkewReverseKlObjective(alpha), seed, scale: 30) <= Math.Log(1 / alpha) + 1e-5);
    }

    [Fact]
    public void Constructor_NegativeAlpha_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new SkewReverseKlObjective(-0.1));

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => AssertNonNegative(new SkewReverseKlObjective());

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => AssertZeroWhenStudentEqualsTeacher(new SkewReverseKlObjective());

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => AssertMaskedPositionsIgnored(new SkewReverseKlObjective());

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => AssertGradientMatchesFiniteDifferences(new SkewReverseKlObjective(0.2));
}
