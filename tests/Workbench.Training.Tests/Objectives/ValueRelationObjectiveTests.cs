using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.FeatureTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class ValueRelationObjectiveTests : TorchTest
{
    private static double Value(ValueRelationObjective objective, Tensor student, Tensor teacher, Tensor? real = null)
    {
        using var s = Values(student.alias());
        using var t = Values(teacher.alias());
        using var rows = real ?? AllReal(student.shape[0], student.shape[2]);
        using var labels = zeros(rows.shape, dtype: ScalarType.Int64);
        using var loss = objective.Compute(s, t, labels, rows);
        return loss.ToDouble();
    }

    [Fact]
    public void Compute_HandComputedOneHead_IsMeanRowKlOfValueSoftmaxes()
    {
        // h = 1, d_k = 1, T = 2. Teacher v = (0, 1): row 1 = softmax(1·0, 1·1) = (1, e)/(1 + e). Student v = (0, 0):
        // row 1 = (½, ½). Row 0 is (1, 0) on both sides (causal).
        var shape = Shape(heads: 1, width: 1);
        var objective = new ValueRelationObjective(shape, shape, [new LayerPair(1, 1)]);
        using var teacher = tensor(new[] { 0f, 1f }, [1, 1, 2, 1]);
        using var student = tensor(new[] { 0f, 0f }, [1, 1, 2, 1]);
        double p0 = 1 / (1 + Math.E), p1 = Math.E / (1 + Math.E);
        var row1 = p0 * Math.Log(p0 / 0.5) + p1 * Math.Log(p1 / 0.5);
        ObjectiveProperties.AssertClose(row1 / 2, Value(objective, student, teacher));
    }

    [Fact]
    public void Compute_RandomValues_NonNegativeAndZeroAtEquality()
    {
        var shape = Shape(heads: 2, width: 6);
        var objective = new ValueRelationObjective(shape, shape, [new LayerPair(1, 1)]);
        foreach (var seed in ObjectiveProperties.Seeds)
        {
            using var student = Random(seed, [2, 2, 5, 3], scale: 2);
            using var teacher = Random(seed + 100, [2, 2, 5, 3], scale: 2);
            Assert.True(Value(objective, student, teacher) > 0);
            Assert.Equal(0, Value(objective, teacher, teacher), 6);
        }
    }

    [Fact]
    public void Compute_StudentValuesRotated_Unchanged()
    {
        // With one relation head VR = softmax(V Vᵀ/√d), and (VQ)(VQ)ᵀ = V Vᵀ for orthogonal Q.
        var shape = Shape(heads: 2, width: 6);
        var objective = new ValueRelationObjective(shape, shape, [new LayerPair(1, 1)], relationHeads: 1);
        using var student = Random(1, [2, 2, 5, 3]);
        using var teacher = Random(2, [2, 2, 5, 3]);
        using var square = Random(3, [6, 6]);
        var (q, r) = linalg.qr(square);                                                      // q orthogonal
        using var _q = q;
        using var _r = r;
        using var sideBySide = student.transpose(1, 2).reshape(2, 5, 6);                 // (B, T, h·d_k)
        using var rotated = sideBySide.matmul(q).view(2, 5, 2, 3).transpose(1, 2);         // back to (B, h, T, d_k)
        ObjectiveProperties.AssertClose(Value(objective, student, teacher), Value(objective, rotated, teacher), 1e-4);
    }

    [Fact]
    public void Compute_DifferentHeadCounts_UsesSharedRelationHeads()
    {
        // Student 2 heads × 4, teacher 4 heads × 2: both 8 wide; gcd = 2 relation heads of width 4.
        var student = Shape(heads: 2, width: 8);
        var teacher = Shape(heads: 4, width: 8);
        var objective = new ValueRelationObjective(student, teacher, [new LayerPair(1, 1)]);
        Assert.Equal(2, objective.RelationHeads);
        using var t = Random(4, [1, 4, 5, 2]);
        using var sameValues = t.transpose(1, 2).reshape(1, 5, 2, 4).transpose(1, 2);      // the teacher's values as 2 heads of 4
        Assert.Equal(0, Value(objective, sameValues, t), 6);
    }

    [Fact]
    public void Compute_PaddedRows_Ignored()
    {
        var shape = Shape(heads: 1, width: 2);
        var objective = new ValueRelationObjective(shape, shape, [new LayerPair(1, 1)]);
        using var student = Random(5, [1, 1, 4, 2]);
        using var teacher = Random(6, [1, 1, 4, 2]);
        using var noise = Random(7, [1, 1, 1, 2], scale: 50);
        using var wild = cat([student.narrow(2, 0, 3), noise], 2);                           // the last (padded) value changes
        var real = Real(true, true, true, false);
        var again = Real(true, true, true, false);
        Assert.Equal(Value(objective, student, teacher, real), Value(objective, wild, teacher, again), 6);
    }

    [Fact]
    public void Compute_Gradient_MatchesFiniteDifferences()
    {
        var shape = Shape(heads: 2, width: 4);
        var objective = new ValueRelationObjective(shape, shape, [new LayerPair(1, 1)]);
        using var teacher = Random(8, [1, 2, 3, 2], dtype: ScalarType.Float64);
        using var student = Random(9, [1, 2, 3, 2], dtype: ScalarType.Float64);
        using var t = Values(teacher.alias());
        using var real = AllReal(1, 3);
        using var labels = zeros(1, 3, dtype: ScalarType.Int64);
        GradientCheck.AssertMatchesFiniteDifferences(v =>
        {
            using var s = Values(v.alias());
            return objective.Compute(s, t, labels, real);
        }, student);
    }
}
