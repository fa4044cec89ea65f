using Workbench.Experiments;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class TopKKlObjectiveTests : TorchTest
{
    private const string Uniform = ObjectiveTerm.MissingMassSymmetricUniform;
    private static readonly float s_ln2 = MathF.Log(2), s_ln4 = MathF.Log(4);

    [Fact]
    public void Compute_ZeroMode_MatchesHandValue()
    {
        // p = softmax([ln 4, ln 2, 0]) = [4/7, 2/7, 1/7], K = {0, 1}, renormalised p̃ = [⅔, ⅓]; q = [⅓, ⅓, ⅓]
        // KL_K = ⅔ ln(⅔ / ⅓) + ⅓ ln(⅓ / ⅓) = ⅔ ln 2 = 0.4620981
        using var student = Logits([0, 0, 0]);
        using var teacher = Logits([s_ln4, s_ln2, 0]);
        using var labels = Labels(0);
        using var kl = new TopKKlObjective(k: 2).Compute(student, teacher, labels);
        Assert.Equal(0.4620981, kl.item<float>(), 5);
    }

    [Fact]
    public void Compute_SymmetricUniformMode_MatchesHandValue()
    {
        // p_K = [4/7, 2/7], m_T = 1/7; q_K = [⅓, ⅓], m_S = ⅓
        // KL = 4/7 ln(12/7) + 2/7 ln(6/7) + 1/7 ln(3/7) = 0.3080003 − 0.0440431 − 0.1210357 = 0.1429124
        using var student = Logits([0, 0, 0]);
        using var teacher = Logits([s_ln4, s_ln2, 0]);
        using var labels = Labels(0);
        using var kl = new TopKKlObjective(k: 2, missingMass: Uniform).Compute(student, teacher, labels);
        Assert.Equal(0.1429124, kl.item<float>(), 5);
    }

    [Theory]
    [InlineData(ObjectiveTerm.MissingMassZero, 7)]
    [InlineData(ObjectiveTerm.MissingMassZero, 128)]
    [InlineData(Uniform, 7)]
    [InlineData(Uniform, 6)]    // one token outside K: its bucket is exact
    public void Compute_KCoversVocabulary_EqualsForwardKl(string mode, int k)
    {
        foreach (var seed in Seeds)
            AssertClose(RandomValue(new ForwardKlObjective(2), seed), RandomValue(new TopKKlObjective(k, mode, temperature: 2), seed));
    }

    [Fact]
    public void Compute_ZeroModeStudentEqualsTeacher_IsMinusLogTopKMass()
    {
        // q = p on K but not renormalised: KL_K = Σ_K p̃ ln(p̃ / p) = −ln Σ_K p = −ln(6/7)
        using var logits = Logits([s_ln4, s_ln2, 0]);
        using var labels = Labels(0);
        using var kl = new TopKKlObjective(k: 2).Compute(logits, logits, labels);
        Assert.Equal(-Math.Log(6.0 / 7), kl.item<float>(), 5);
    }

    [Fact]
    public void Compute_PeakedTeacherSymmetricMode_IsFinite()
    {
        // The teacher's top 2 hold all but ~e^-200 of the mass: 1 − Σ_K p rounds to 0 in fp32; log m_T is clamped to log 1e-8.
        using var student = Logits([0, 0, 0, 0]).requires_grad_(true);
        using var teacher = Logits([100, 100, -100, -100]);
        using var labels = Labels(0);
        using var kl = new TopKKlObjective(k: 2, missingMass: Uniform).Compute(student, teacher, labels);
        kl.backward();
        Assert.True(float.IsFinite(kl.item<float>()));
        Assert.True(student.grad!.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData(ObjectiveTerm.MissingMassZero)]
    [InlineData(Uniform)]
    public void Compute_RandomLogits_IsNonNegative(string mode) => AssertNonNegative(new TopKKlObjective(3, mode, temperature: 2));

    [Fact]
    public void Compute_SymmetricModeStudentEqualsTeacher_IsZero() => AssertZeroWhenStudentEqualsTeacher(new TopKKlObjective(3, Uniform));

    [Theory]
    [InlineData(ObjectiveTerm.MissingMassZero)]
    [InlineData(Uniform)]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect(string mode) => AssertMaskedPositionsIgnored(new TopKKlObjective(3, mode));

    [Theory]
    [InlineData(ObjectiveTerm.MissingMassZero)]
    [InlineData(Uniform)]
    public void Compute_Float64_GradientMatchesFiniteDifferences(string mode) =>
        AssertGradientMatchesFiniteDifferences(new TopKKlObjective(2, mode, temperature: 2));

    [Fact]
    public void Constructor_UnknownMissingMass_Throws() => Assert.Throws<ArgumentException>(() => new TopKKlObjective(4, "uniform"));
}
