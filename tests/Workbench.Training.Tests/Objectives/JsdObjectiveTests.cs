using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class JsdObjectiveTests : TorchTest
{
    private static readonly float s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_HalfBeta_MatchesHandValue()
    {
        // p = [½, ½], q = [¼, ¾], M = ½p + ½q = [3/8, 5/8]
        // KL(p ‖ M) = ½ ln(4/3) + ½ ln(4/5) = 0.0322693; KL(q ‖ M) = ¼ ln(2/3) + ¾ ln(6/5) = 0.0353749
        // JSD = ½·0.0322693 + ½·0.0353749 = 0.0338221
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var jsd = new JsdObjective().Compute(student, teacher, labels);
        Assert.Equal(0.0338221, jsd.item<float>(), 5);
    }

    [Fact]
    public void Compute_Beta09_MatchesHandValue()
    {
        // M = 0.9p + 0.1q = [0.475, 0.525]
        // 0.9·[½ ln(0.5/0.475) + ½ ln(0.5/0.525)] + 0.1·[¼ ln(0.25/0.475) + ¾ ln(0.75/0.525)] = 0.0118307
        using var student = Logits([0, s_ln3]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(0);
        using var jsd = new JsdObjective(beta: 0.9).Compute(student, teacher, labels);
        Assert.Equal(0.0118307, jsd.item<float>(), 5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compute_BetaZeroAndOne_EqualForwardAndReverseKlExactly(int seed)
    {
        Assert.Equal(RandomValue(new ForwardKlObjective(2), seed), RandomValue(new JsdObjective(beta: 0, temperature: 2), seed));
        Assert.Equal(RandomValue(new ReverseKlObjective(2), seed), RandomValue(new JsdObjective(beta: 1, temperature: 2), seed));
    }

    [Fact]
    public void Compute_HalfBetaSwappedArguments_IsSymmetric()
    {
        var jsd = new JsdObjective();
        foreach (var seed in Seeds)
        {
            using var a = RandomLogits(seed);
            using var b = RandomLogits(seed + 1000);
            using var labels = RandomLabels(seed);
            Assert.Equal(Value(jsd, a, b, labels), Value(jsd, b, a, labels), 5);
        }
    }

    [Fact]
    public void Compute_HalfBetaExtremeLogits_AtMostLn2()
    {
        foreach (var seed in Seeds) Assert.True(RandomValue(new JsdObjective(), seed, scale: 30) <= Math.Log(2) + 1e-6);
    }

    [Fact]
    public void Constructor_BetaOutsideUnitInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsdObjective(beta: 1.5));

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Compute_RandomLogits_IsNonNegative(double beta) => AssertNonNegative(new JsdObjective(beta, temperature: 2));

    [Fact]
    public void Compute_RandomStudentEqualsTeacher_IsZero() => AssertZeroWhenStudentEqualsTeacher(new JsdObjective(0.3, temperature: 2));

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => AssertMaskedPositionsIgnored(new JsdObjective());

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public void Compute_Float64_GradientMatchesFiniteDifferences(double beta) =>
        AssertGradientMatchesFiniteDifferences(new JsdObjective(beta, temperature: 2));
}
