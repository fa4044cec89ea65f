using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class ForwardKlObjectiveTests : TorchTest
{
    private static readonly float s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_IdenticalLogits_IsZero()
    {
        using var logits = Logits([1, -2, 0.5f, 4], [0, 0, 3, 1]);
        using var labels = Labels(1, 2);
        using var kl = new ForwardKlObjective(temperature: 2).Compute(logits, logits, labels);
        Assert.Equal(0, kl.item<float>(), 6);
    }

    [Fact]
    public void Compute_DifferentLogits_IsPositive()
    {
        using var student = Logits([1, -2, 0.5f, 4]);
        using var teacher = Logits([0, 3, 0.5f, -1]);
        using var labels = Labels(0);
        using var kl = new ForwardKlObjective().Compute(student, teacher, labels);
        Assert.True(kl.item<float>() > 0);
    }

    [Fact]
    public void Compute_HalfHalfTeacherQuarterStudent_MatchesHandValue()
    {
        // p = softmax([0, 0]) = [1/2, 1/2], q = softmax([0, ln 3]) = [1/4, 3/4]
        // KL = ½ ln(½ / ¼) + ½ ln(½ / ¾) = ½ ln(4/3) = 0.1438410
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(1);
        using var kl = new ForwardKlObjective().Compute(student, teacher, labels);
        Assert.Equal(0.1438410, kl.item<float>(), 5);
    }

    [Fact]
    public void Compute_Temperature2_ScalesByTSquared()
    {
        // At T = 2: p = [½, ½], q = softmax([0, ln3 / 2]) = [1/(1+√3), √3/(1+√3)];
        // KL = ½ ln(½ / q₀) + ½ ln(½ / q₁) = 0.0372523, and T²·KL = 0.1490091
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var scaled = new ForwardKlObjective(2).Compute(student, teacher, labels);
        using var plain = new ForwardKlObjective(2, scaleByTemperatureSquared: false).Compute(student, teacher, labels);
        Assert.Equal(0.0372523, plain.item<float>(), 5);
        Assert.Equal(0.1490091, scaled.item<float>(), 5);
    }

    [Fact]
    public void Compute_MaskedPositions_Ignored()
    {
        using var student = Logits([0, s_ln3], [9, -9], [0, s_ln3]);
        using var teacher = Logits([0, 0], [-9, 9], [0, 0]);
        using var labels = Labels(1, -100, 0);
        using var kl = new ForwardKlObjective().Compute(student, teacher, labels);
        Assert.Equal(0.1438410, kl.item<float>(), 5);   // the token mean of the two unmasked positions only
    }

    [Fact]
    public void Compute_TeacherProbabilityZero_ContributesZeroNotNaN()
    {
        // p = [1, 0] (teacher logit −inf), q = [½, ½]: KL = 1·ln(1 / ½) + 0·log 0 = ln 2
        using var student = Logits([0, 0]).requires_grad_(true);
        using var teacher = Logits([0, float.NegativeInfinity]);
        using var labels = Labels(0);
        using var kl = new ForwardKlObjective().Compute(student, teacher, labels);
        kl.backward();
        Assert.Equal(MathF.Log(2), kl.item<float>(), 5);
        Assert.True(student.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Compute_GradientOnStudent_IsQMinusPOverT()
    {
        // d KL / d z_S = (q − p) / T at T = 1 (without the T² factor): [¼ − ½, ¾ − ½]
        using var student = Logits([0, s_ln3]).requires_grad_(true);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var kl = new ForwardKlObjective().Compute(student, teacher, labels);
        kl.backward();
        var grad = student.grad!.data<float>().ToArray();
        Assert.Equal(-0.25, grad[0], 5);
        Assert.Equal(0.25, grad[1], 5);
    }

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => ObjectiveProperties.AssertNonNegative(new ForwardKlObjective(2));

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => ObjectiveProperties.AssertZeroWhenStudentEqualsTeacher(new ForwardKlObjective(2));

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => ObjectiveProperties.AssertMaskedPositionsIgnored(new ForwardKlObjective());

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => ObjectiveProperties.AssertGradientMatchesFiniteDifferences(new ForwardKlObjective(2));
}
