using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class CrossEntropyObjectiveTests : TorchTest
{
    private readonly CrossEntropyObjective _ce = new();

    [Fact]
    public void Compute_TwoTargets_MatchesHandValue()
    {
        // position 0: z = [1, 2, 3], y = 2 -> log(e + e² + e³) − 3 = 0.4076060
        // position 1: z = [0, 0, 0], y = 0 -> log 3 = 1.0986123; token mean = 0.7531091
        using var logits = Logits([1, 2, 3], [0, 0, 0]);
        using var labels = Labels(2, 0);
        using var loss = _ce.Compute(logits, labels);
        Assert.Equal(0.7531091, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_MaskedPosition_Ignored()
    {
        using var logits = Logits([1, 2, 3], [50, -50, 7]);
        using var labels = Labels(2, -100);
        using var loss = _ce.Compute(logits, labels);
        Assert.Equal(0.4076060, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_NoTargets_IsZeroNotNaN()
    {
        using var logits = Logits([1, 2, 3]);
        using var labels = Labels(-100);
        using var loss = _ce.Compute(logits, labels);
        Assert.Equal(0f, loss.item<float>());
    }

    [Fact]
    public void Compute_LabelsOfOtherShape_ThrowsArgumentException()
    {
        using var logits = Logits([1, 2, 3], [0, 0, 0]);
        using var labels = Labels(1);
        Assert.Throws<ArgumentException>(() => _ce.Compute(logits, labels));
    }

    [Fact]
    public void Compute_RandomLogits_IsNonNegative() => ObjectiveProperties.AssertNonNegative(_ce);

    [Fact]
    public void Compute_WildLogitsAtMaskedPositions_NoEffect() => ObjectiveProperties.AssertMaskedPositionsIgnored(_ce);

    [Fact]
    public void Compute_Float64_GradientMatchesFiniteDifferences() => ObjectiveProperties.AssertGradientMatchesFiniteDifferences(_ce);
}
