using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class TotalVariationObjectiveTests : TorchTest
{
    [Fact]
    public void Compute_QuarterStudentHalfTeacher_MatchesHandValue()
    {
        // q = [¼, ¾], p = [½, ½]: TVD = ½ (|½ − ¼| + |½ − ¾|) = ¼
        using var student = Logits([0, MathF.Log(3)]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var tvd = new TotalVariationObjective().Compute(student, teacher, labels);
        Assert.Equal(0.25, tvd.item<float>(), 6);
    }

    [Fact]
    public void Compute_DisjointSupports_IsOne()
    {
        // p = [1, 0], q ≈ [0, 1]: TVD = ½ (1 + 1) = 1, the upper bound
        using var student = Logits([-100, 100]);
        using var teacher = Logits([100, -100]);
        using var labels = Labels(0);
        using var tvd = new TotalVariationObjective().Compute(student, teacher, labels);
        Assert.Equal(1, tvd.item<float>(), 6);
    }

    [Fact]
    public void Compute_ExtremeLogits_AtMostOne()
    {
        foreach (var seed in Seeds) Assert.True(RandomValue(new TotalVariationObjective(), seed, scale: 30) <= 1 + 1e-6);
    }

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => AssertNonNegative(new TotalVariationObjective(2));

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => AssertZeroWhenStudentEqualsTeacher(new TotalVariationObjective(2));

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => AssertMaskedPositionsIgnored(new TotalVariationObjective());

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => AssertGradientMatchesFiniteDifferences(new TotalVariationObjective(2));
}
