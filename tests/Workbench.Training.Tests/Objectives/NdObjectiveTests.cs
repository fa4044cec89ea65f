using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.FeatureTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class NdObjectiveTests : TorchTest
{
    private static double Value(NdObjective objective, Tensor student, Tensor teacher, Tensor labels)
    {
        using var s = Hidden(student.alias());                 // only the last hidden state is read
        using var t = Hidden(teacher.alias());
        using var real = ones(labels.shape, dtype: ScalarType.Bool);
        using var loss = objective.Compute(s, t, labels, real);
        return loss.ToDouble();
    }

    [Fact]
    public void Compute_HandComputed_DirectionTowardClassMeanNormUpToTeacher()
    {
        // Class 0 teacher features (2, 0) and (0, 2): e_0 = (1, 1)/√2. Student (1, 1): 1 − √2/max(√2, 2);
        // student (3, 0): 1 − (3/√2)/max(3, 2). Mean = 1 − 1/√2.
        using var objective = new NdObjective(Shape(), Shape());
        using var student = Rows([1, 1], [3, 0], [50, 50]);
        using var teacher = Rows([2, 0], [0, 2], [-9, 9]);
        using var labels = ObjectiveTestData.Labels(0, 0, -100);
        Assert.Equal(1 - 1 / Math.Sqrt(2), Value(objective, student, teacher, labels), 6);
    }

    [Fact]
    public void Compute_ClassMeans_AccumulateAcrossCalls()
    {
        // After a batch whose teacher saw class 0 as (1, 0), a batch with teacher (0, 1) has mean direction (1, 1)/√2.
        using var objective = new NdObjective(Shape(), Shape());
        using var first = Rows([1, 0]);
        using var second = Rows([0, 1]);
        using var labels = ObjectiveTestData.Labels(0);
        Assert.Equal(0, Value(objective, first, first, labels), 6);
        Assert.Equal(1 - 1 / Math.Sqrt(2), Value(objective, second, second, labels), 6);
    }

    [Fact]
    public void Compute_RandomFeatures_NonNegativeAndZeroWhenStudentIsTheTeacherWithOnePositionPerClass()
    {
        foreach (var seed in ObjectiveProperties.Seeds)
        {
            using var objective = new NdObjective(Shape(width: 4), Shape(width: 4));
            using var student = Random(seed, [1, 5, 4]);
            using var teacher = Random(seed + 100, [1, 5, 4]);
            using var labels = ObjectiveTestData.Labels(0, 1, 2, 3, 4);
            Assert.True(Value(objective, student, teacher, labels) > 0);
            using var fresh = new NdObjective(Shape(width: 4), Shape(width: 4));
            Assert.Equal(0, Value(fresh, teacher, teacher, labels), 5);
        }
    }

    [Fact]
    public void Compute_StudentLongerThanTeacherInTheMeanDirection_IsZero()
    {
        // The norm term only asks for at least the teacher's norm.
        using var objective = new NdObjective(Shape(), Shape());
        using var teacher = Rows([0, 1]);
        using var student = Rows([0, 5]);
        using var labels = ObjectiveTestData.Labels(2);
        Assert.Equal(0, Value(objective, student, teacher, labels), 6);
    }

    [Fact]
    public void Compute_Gradient_MatchesFiniteDifferencesThroughTheProjection()
    {
        using var objective = new NdObjective(Shape(width: 3), Shape(width: 2));
        Assert.True(objective.Projects);
        objective.to(ScalarType.Float64);
        using var teacher = Random(1, [1, 3, 2], dtype: ScalarType.Float64);
        using var student = Random(2, [1, 3, 3], dtype: ScalarType.Float64);
        using var labels = ObjectiveTestData.Labels(1, -100, 1);
        using var real = ones(1, 3, dtype: ScalarType.Bool);
        using var t = Hidden(teacher.alias());
        GradientCheck.AssertMatchesFiniteDifferences(h =>
        {
            using var s = Hidden(h.alias());
            return objective.Compute(s, t, labels, real);
        }, student);
    }
}
