using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveProperties;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class PlackettLuceObjectiveTests : TorchTest
{
    private static readonly float s_ln2 = MathF.Log(2), s_ln3 = MathF.Log(3);

    [Fact]
    public void Compute_ThreeTokens_MatchesHandValue()
    {
        // t = [0, ln 2, ln 3]: softmax(t) = [1/6, 2/6, 3/6]; y = 0, so π* = (0, 2, 1) and α = [1/6, 3/6, 2/6]
        // s = [0, ln 2, 0]: s_π* = [0, 0, ln 2]
        // k=1: ln(1 + 1 + 2) − 0 = ln 4; k=2: ln(1 + 2) − 0 = ln 3; k=3: ln 2 − ln 2 = 0
        // L = ln 4 / 6 + ln 3 / 2 = 0.2310491 + 0.5493061 = 0.7803552
        using var student = Logits([0, s_ln2, 0]);
        using var teacher = Logits([0, s_ln2, s_ln3]);
        using var labels = Labels(0);
        using var pld = new PlackettLuceObjective().Compute(student, teacher, labels);
        Assert.Equal(0.7803552, pld.item<float>(), 5);
    }

    [Fact]
    public void Compute_OneRank_MatchesHandValue()
    {
        // K = 1 keeps only the label's step: α_1 · (ln 4 − 0) = ln 4 / 6 = 0.2310491
        using var student = Logits([0, s_ln2, 0]);
        using var teacher = Logits([0, s_ln2, s_ln3]);
        using var labels = Labels(0);
        using var pld = new PlackettLuceObjective(ranks: 1).Compute(student, teacher, labels);
        Assert.Equal(0.2310491, pld.item<float>(), 5);
    }

    [Fact]
    public void Compute_TeacherCertainOfLabel_EqualsCrossEntropy()
    {
        // α ≈ one-hot at rank 1: the loss is the cross-entropy of the label
        using var student = RandomLogits(5);
        using var labels = RandomLabels(5);
        using var certain = labels.clamp_min(0).unsqueeze(2);
        using var sixty = TorchSharp.torch.full_like(certain, 60, dtype: student.dtype);
        using var teacher = TorchSharp.torch.zeros_like(student).scatter(2, certain, sixty);
        AssertClose(Value(new CrossEntropyObjective(), student, null, labels), Value(new PlackettLuceObjective(), student, teacher, labels));
    }

    [Fact]
    public void Compute_UniformTeacher_IsListMleOverV()
    {
        // α = 1/V: L = (1/V)·Σ_k [lse_{l≥k} s_π*_l − s_π*_k]. The two non-label tokens tie in t, so give them equal s
        // and the order between them cannot matter: s = [0, 5, 0], y = 1, π* = (1, 0, 2) or (1, 2, 0)
        // k=1: ln(1 + e⁵ + 1) − 5; k=2: ln 2 − 0; k=3: 0 → L = (ln(2 + e⁵) − 5 + ln 2) / 3
        using var student = Logits([0, 5, 0]);
        using var teacher = Logits([0, 0, 0]);
        using var labels = Labels(1);
        using var pld = new PlackettLuceObjective().Compute(student, teacher, labels);
        Assert.Equal((Math.Log(2 + Math.Exp(5)) - 5 + Math.Log(2)) / 3, pld.item<float>(), 5);
    }

    [Fact]
    public void Compute_AllButOneRank_EqualsFullRanking()
    {
        // The last step's suffix holds one token (lse − s = 0), so K = V − 1 must equal the full ranking.
        foreach (var seed in Seeds)
            AssertClose(RandomValue(new PlackettLuceObjective(), seed), RandomValue(new PlackettLuceObjective(ranks: 6), seed));
    }

    [Fact]
    public void Compute_StudentShiftedByConstant_Unchanged()
    {
        using var student = RandomLogits(2);
        using var shifted = student + 7;
        using var teacher = RandomLogits(3);
        using var labels = RandomLabels(2);
        var pld = new PlackettLuceObjective(ranks: 4);
        AssertClose(Value(pld, student, teacher, labels), Value(pld, shifted, teacher, labels));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void Compute_ExtremeLogits_FiniteValueAndGradient(int? ranks)
    {
        using var student = RandomLogits(4, scale: 60).requires_grad_(true);
        using var teacher = RandomLogits(5, scale: 60);
        using var labels = RandomLabels(4);
        using var pld = new PlackettLuceObjective(ranks).Compute(student, teacher, labels);
        pld.backward();
        Assert.True(float.IsFinite(pld.item<float>()));
        Assert.True(student.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Compute_RandomLogits_IsNonNegative()
    {
        AssertNonNegative(new PlackettLuceObjective(teacherTemperature: 2));
        AssertNonNegative(new PlackettLuceObjective(ranks: 3));
    }

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect()
    {
        AssertMaskedPositionsIgnored(new PlackettLuceObjective());
        AssertMaskedPositionsIgnored(new PlackettLuceObjective(ranks: 3));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void Compute_Float64_GradientMatchesFiniteDifferences(int? ranks) =>
        AssertGradientMatchesFiniteDifferences(new PlackettLuceObjective(ranks, teacherTemperature: 2));

    [Fact]
    public void Constructor_ZeroRanks_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new PlackettLuceObjective(ranks: 0));
}
