using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.FeatureTestData;

namespace Workbench.Training.Tests.Objectives;

/// <summary>hidden_mse and hidden_cosine: hand-computed values, properties, the projection and gradients.</summary>
public sealed class HiddenStateObjectiveTests : TorchTest
{
    private static readonly LayerPair[] s_last = [new(1, 1)];

    private static double Value(HiddenStateObjective objective, Tensor student, Tensor teacher, Tensor labels)
    {
        using var s = Hidden(zeros_like(student), student.alias());        // index 0 (embeddings) is not compared
        using var t = Hidden(zeros_like(teacher), teacher.alias());
        using var real = ones(labels.shape, dtype: ScalarType.Bool);
        using var loss = objective.Compute(s, t, labels, real);
        return loss.ToDouble();
    }

    [Fact]
    public void HiddenMse_HandComputed_IsSquaredErrorPerSupervisedTokenAndDimension()
    {
        var objective = new HiddenMseObjective(Shape(), Shape(), s_last);
        using var student = Rows([1, 2], [100, -100]);
        using var teacher = Rows([0, 0], [0, 0]);
        using var labels = ObjectiveTestData.Labels(3, -100);               // the second position has no target
        Assert.Equal(2.5, Value(objective, student, teacher, labels), 6);  // (1 + 4) / (1 · 2)
    }

    [Fact]
    public void HiddenCosine_HandComputed_IsMeanOneMinusCosine()
    {
        var objective = new HiddenCosineObjective(Shape(), Shape(), s_last);
        using var student = Rows([1, 0], [1, 1]);
        using var teacher = Rows([0, 1], [2, 2]);
        using var labels = ObjectiveTestData.Labels(3, 4);
        Assert.Equal(0.5, Value(objective, student, teacher, labels), 6);  // (1 + 0) / 2
    }

    [Fact]
    public void Both_RandomStates_NonNegativeAndZeroAtEquality()
    {
        HiddenStateObjective[] objectives = [new HiddenMseObjective(Shape(width: 4), Shape(width: 4), s_last),
                                             new HiddenCosineObjective(Shape(width: 4), Shape(width: 4), s_last)];
        foreach (var objective in objectives)
            foreach (var seed in ObjectiveProperties.Seeds)
            {
                using var student = Random(seed, [2, 5, 4]);
                using var teacher = Random(seed + 100, [2, 5, 4]);
                using var labels = ObjectiveTestData.RandomLabels(seed);
                Assert.True(Value(objective, student, teacher, labels) > 0);
                Assert.Equal(0, Value(objective, teacher, teacher, labels), 5);
            }
    }

    [Fact]
    public void HiddenCosine_EitherSideRescaled_Unchanged()
    {
        var objective = new HiddenCosineObjective(Shape(width: 4), Shape(width: 4), s_last);
        using var student = Random(1, [2, 5, 4]);
        using var teacher = Random(2, [2, 5, 4]);
        using var labels = ObjectiveTestData.RandomLabels(1);
        using var bigger = student * 7.5;
        using var smaller = teacher * 0.01;
        var value = Value(objective, student, teacher, labels);
        ObjectiveProperties.AssertClose(value, Value(objective, bigger, smaller, labels));
        Assert.InRange(value, 0, 2);
    }

    [Fact]
    public void Both_MaskedPositions_Ignored()
    {
        HiddenStateObjective[] objectives = [new HiddenMseObjective(Shape(width: 4), Shape(width: 4), s_last),
                                             new HiddenCosineObjective(Shape(width: 4), Shape(width: 4), s_last)];
        using var student = Random(1, [2, 5, 4]);
        using var teacher = Random(2, [2, 5, 4]);
        using var noise = Random(3, [2, 5, 4], scale: 100);
        using var labels = ObjectiveTestData.RandomLabels(1);
        using var masked = labels.eq(-100).unsqueeze(2);
        using var wild = student.where(masked.logical_not(), noise);
        foreach (var objective in objectives)
            Assert.Equal(Value(objective, student, teacher, labels), Value(objective, wild, teacher, labels), 5);
    }

    [Fact]
    public void HiddenMse_TwoPairs_IsTheMeanOfEachPair()
    {
        var shape = Shape(layers: 2, width: 3);
        using var s = Random(1, [3, 2, 5, 3]);
        using var t = Random(2, [3, 2, 5, 3]);
        using var labels = ObjectiveTestData.RandomLabels(2);
        using var real = ones(2, 5, dtype: ScalarType.Bool);
        double Of(params LayerPair[] pairs)
        {
            var objective = new HiddenMseObjective(shape, shape, pairs);
            using var student = Hidden(s[0].alias(), s[1].alias(), s[2].alias());
            using var teacher = Hidden(t[0].alias(), t[1].alias(), t[2].alias());
            using var loss = objective.Compute(student, teacher, labels, real);
            return loss.ToDouble();
        }
        ObjectiveProperties.AssertClose((Of(new LayerPair(0, 1)) + Of(new LayerPair(2, 2))) / 2, Of(new LayerPair(0, 1), new LayerPair(2, 2)));
    }

    [Fact]
    public void HiddenMse_WidthsDiffer_LearnsAProjectionPerPairThatGetsGradients()
    {
        using var objective = new HiddenMseObjective(Shape(layers: 2, width: 3), Shape(layers: 2, width: 5), [new(1, 1), new(2, 2)]);
        Assert.True(objective.Projects);
        var parameters = objective.parameters().ToArray();
        Assert.Equal([[5L, 3], [5L, 3]], parameters.Select(p => p.shape));
        using var student = Hidden(Random(1, [2, 5, 3]), Random(2, [2, 5, 3]), Random(3, [2, 5, 3]));
        using var teacher = Hidden(Random(4, [2, 5, 5]), Random(5, [2, 5, 5]), Random(6, [2, 5, 5]));
        using var labels = ObjectiveTestData.RandomLabels(1);
        using var real = ones(2, 5, dtype: ScalarType.Bool);
        using (var loss = objective.Compute(student, teacher, labels, real)) loss.backward();
        Assert.All(parameters, p => Assert.True(p.grad!.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Both_Gradient_MatchesFiniteDifferencesThroughTheProjection()
    {
        using var mse = new HiddenMseObjective(Shape(width: 3), Shape(width: 2), s_last);
        using var cosine = new HiddenCosineObjective(Shape(width: 3), Shape(width: 2), s_last);
        using var teacher = Random(1, [1, 3, 2], dtype: ScalarType.Float64);
        using var student = Random(2, [1, 3, 3], dtype: ScalarType.Float64);
        using var labels = ObjectiveTestData.Labels(1, -100, 2);
        using var real = ones(1, 3, dtype: ScalarType.Bool);
        using var t = Hidden(zeros_like(teacher), teacher.alias());
        foreach (HiddenStateObjective objective in new HiddenStateObjective[] { mse, cosine })
        {
            objective.to(ScalarType.Float64);
            GradientCheck.AssertMatchesFiniteDifferences(h =>
            {
                using var s = Hidden(zeros_like(h), h.alias());
                return objective.Compute(s, t, labels, real);
            }, student);
        }
    }
}
