using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.FeatureTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class AttentionTransferObjectiveTests : TorchTest
{
    private static AttentionTransferObjective Create(int studentHeads = 2, int teacherHeads = 2) =>
        new(Shape(heads: studentHeads, width: 2 * studentHeads), Shape(heads: teacherHeads, width: 2 * teacherHeads), [new LayerPair(1, 1)]);

    private static double Value(AttentionTransferObjective objective, Tensor student, Tensor teacher, Tensor real)
    {
        using var s = Attention(student.alias());
        using var t = Attention(teacher.alias());
        using var labels = zeros(real.shape, dtype: ScalarType.Int64);
        using var loss = objective.Compute(s, t, labels, real);
        return loss.ToDouble();
    }

    [Fact]
    public void Compute_HandComputedRows_IsMeanRowKlOverRealRows()
    {
        // One head, T = 2: row 0 is [1, 0] on both sides; row 1 is p = [½, ½] vs q = [¼, ¾].
        using var teacher = tensor(new[] { 1.0f, 0, 0.5f, 0.5f }, [1, 1, 2, 2]);
        using var student = tensor(new[] { 1.0f, 0, 0.25f, 0.75f }, [1, 1, 2, 2]);
        var objective = Create(1, 1);
        var row1 = 0.5 * Math.Log(0.5 / 0.25) + 0.5 * Math.Log(0.5 / 0.75);
        using var both = Real(true, true);
        using var firstOnly = Real(true, false);
        ObjectiveProperties.AssertClose(row1 / 2, Value(objective, student, teacher, both));
        Assert.Equal(0, Value(objective, student, teacher, firstOnly), 6);   // the padded row is not compared
    }

    [Fact]
    public void Compute_RandomMaps_NonNegativeAndZeroAtEquality()
    {
        var objective = Create();
        using var real = AllReal(2, 5);
        foreach (var seed in ObjectiveProperties.Seeds)
        {
            using var student = RandomAttention(seed);
            using var teacher = RandomAttention(seed + 100);
            Assert.True(Value(objective, student, teacher, real) > 0);
            Assert.Equal(0, Value(objective, teacher, teacher, real), 6);
        }
    }

    [Fact]
    public void Compute_PaddedRowsOfTheStudent_ChangeNothing()
    {
        var objective = Create();
        using var student = RandomAttention(1);
        using var other = RandomAttention(2);
        using var teacher = RandomAttention(3);
        using var real = tensor(new[] { true, true, true, false, false, true, true, true, true, true }, [2, 5]);
        using var padded = real.logical_not().view(2, 1, 5, 1);
        using var wild = student.where(padded.logical_not(), other);
        Assert.Equal(Value(objective, student, teacher, real), Value(objective, wild, teacher, real), 6);
    }

    [Fact]
    public void Compute_TeacherWithTwiceTheHeads_ComparesGroupMeans()
    {
        // Student heads equal to the mean of each teacher pair: zero; any other student: positive.
        var objective = Create(studentHeads: 2, teacherHeads: 4);
        using var teacher = RandomAttention(4, h: 4);
        using var groupMeans = teacher.view(2, 2, 2, 5, 5).mean([2]);
        using var real = AllReal(2, 5);
        Assert.Equal(0, Value(objective, groupMeans, teacher, real), 6);
        using var student = RandomAttention(5, h: 2);
        Assert.True(Value(objective, student, teacher, real) > 0);
    }

    [Fact]
    public void Compute_HeadCountsNotMultiples_ComparesHeadAverages()
    {
        var objective = Create(studentHeads: 2, teacherHeads: 3);
        using var teacher = RandomAttention(6, h: 3);
        using var mean = teacher.mean([1], keepdim: true);
        using var student = cat([mean, mean], 1);                   // both student heads are the teacher's average
        using var real = AllReal(2, 5);
        Assert.Equal(0, Value(objective, student, teacher, real), 6);
        Assert.Equal("all heads averaged on both sides", AttentionTransferObjective.HeadMatching(2, 3));
    }

    [Fact]
    public void Compute_Gradient_MatchesFiniteDifferences()
    {
        // Through the causal softmax that makes the student's map from features x (1, T, h·d).
        var objective = Create();
        using var teacher = RandomAttention(7, B: 1, T: 3, dtype: ScalarType.Float64);
        using var x = Random(8, [1, 3, 4], dtype: ScalarType.Float64);
        using var real = AllReal(1, 3);
        using var labels = zeros(1, 3, dtype: ScalarType.Int64);
        using var t = Attention(teacher.alias());
        GradientCheck.AssertMatchesFiniteDifferences(input =>
        {
            using var s = Attention(AttentionRows.CausalRelation(input, 2));
            return objective.Compute(s, t, labels, real);
        }, x);
    }
}
