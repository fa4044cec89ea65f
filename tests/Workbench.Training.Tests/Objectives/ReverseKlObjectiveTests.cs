using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class ReverseKlObjectiveTests : TorchTest
{
    private static readonly float s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_QuarterStudentHalfTeacher_MatchesHandValue()
    {
        // q = softmax([0, ln 3]) = [¼, ¾], p = softmax([0, 0]) = [½, ½]
        // RKL = ¼ ln(¼ / ½) + ¾ ln(¾ / ½) = −0.1732868 + 0.3040988 = 0.1308120
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(1);
        using var rkl = new ReverseKlObjective().Compute(student, teacher, labels);
        Assert.Equal(0.1308120, rkl.item<float>(), 5);
    }

    [Fact]
    public void Compute_Temperature2_ScalesByTSquared()
    {
        using var student = RandomLogits(3);
        using var teacher = RandomLogits(4);
        using var labels = RandomLabels(3);
        using var plain = new ReverseKlObjective(2, scaleByTemperatureSquared: false).Compute(student, teacher, labels);
        using var scaled = new ReverseKlObjective(2).Compute(student, teacher, labels);
        Assert.Equal(4 * plain.item<float>(), scaled.item<float>(), 5);
    }

    [Fact]
    public void Compute_StudentProbabilityZero_ContributesZeroAndFiniteGradient()
    {
        // q = [1, 0] (student logit −inf), p = [½, ½]: RKL = 1·ln(1 / ½) + 0·log 0 = ln 2
        using var student = Logits([0, float.NegativeInfinity]).requires_grad_(true);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var rkl = new ReverseKlObjective().Compute(student, teacher, labels);
        rkl.backward();
        Assert.Equal(MathF.Log(2), rkl.item<float>(), 5);
        Assert.True(student.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => ObjectiveProperties.AssertNonNegative(new ReverseKlObjective(2));

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => ObjectiveProperties.AssertZeroWhenStudentEqualsTeacher(new ReverseKlObjective(2));

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => ObjectiveProperties.AssertMaskedPositionsIgnored(new ReverseKlObjective());

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => ObjectiveProperties.AssertGradientMatchesFiniteDifferences(new ReverseKlObjective(2));
}
