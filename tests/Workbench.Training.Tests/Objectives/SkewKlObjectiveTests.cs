using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class SkewKlObjectiveTests : TorchTest
{
    private static readonly float s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_DefaultAlpha_MatchesHandValue()
    {
        // p = [½, ½], q = [¼, ¾], mix = 0.1p + 0.9q = [0.275, 0.725]
        // SKL = ½ ln(0.5 / 0.275) + ½ ln(0.5 / 0.725) = 0.2989185 − 0.1857818 = 0.1131367
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var skl = new SkewKlObjective().Compute(student, teacher, labels);
        Assert.Equal(0.1131367, skl.item<float>(), 5);
    }

    [Fact]
    public void Compute_AlphaZero_EqualsForwardKl()
    {
        foreach (var seed in Seeds) AssertClose(RandomValue(new ForwardKlObjective(), seed), RandomValue(new SkewKlObjective(0), seed));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Compute_ExtremeLogits_AtMostLogOneOverAlpha(double alpha)
    {
        foreach (var seed in Seeds) Assert.True(RandomValue(new SkewKlObjective(alpha), seed, scale: 30) <= Math.Log(1 / alpha) + 1e-5);
    }

    [Fact]
    public void Constructor_AlphaOne_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new SkewKlObjective(1));

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => AssertNonNegative(new SkewKlObjective());

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => AssertZeroWhenStudentEqualsTeacher(new SkewKlObjective());

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => AssertMaskedPositionsIgnored(new SkewKlObjective());

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => AssertGradientMatchesFiniteDifferences(new SkewKlObjective(0.2));
}
