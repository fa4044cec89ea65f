using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

/// <summary>Properties every token-level objective is checked for, over seeded random logits.</summary>
internal static class ObjectiveProperties
{
    public static readonly int[] Seeds = [1, 2, 3, 4, 5];

    /// <summary>The objective's value as a double.</summary>
    public static double Value(IObjective objective, Tensor student, Tensor? teacher, Tensor labels)
    {
        using var loss = objective.Compute(student, teacher, labels);
        Assert.Empty(loss.shape);
        return loss.ToDouble();
    }

    /// <summary>The value on seeded random student and teacher logits (2, 5, 7), with some positions masked.</summary>
    public static double RandomValue(IObjective objective, int seed, double scale = 3)
    {
        using var student = RandomLogits(seed, scale: scale);
        using var teacher = RandomLogits(seed + 1000, scale: scale);
        using var labels = RandomLabels(seed);
        return Value(objective, student, teacher, labels);
    }

    /// <summary>Equal within a relative tolerance (fp32 sums of a few terms of size ~1 agree to ~1e-6 relative).</summary>
    public static void AssertClose(double expected, double actual, double relativeTolerance = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= relativeTolerance * Math.Max(1, Math.Abs(expected)), $"Expected {expected:R}, got {actual:R}.");

    public static void AssertNonNegative(IObjective objective)
    {
        foreach (var seed in Seeds)
        {
            var value = RandomValue(objective, seed);
            Assert.True(value >= -1e-6, $"Seed {seed}: {value}");
        }
    }

    public static void AssertZeroWhenStudentEqualsTeacher(IObjective objective)
    {
        foreach (var seed in Seeds)
        {
            using var logits = RandomLogits(seed);
            using var labels = RandomLabels(seed);
            Assert.Equal(0, Value(objective, logits, logits, labels), 5);
        }
    }

    /// <summary>Wild logits at masked positions change nothing; with every position masked the value is 0, not NaN.</summary>
    public static void AssertMaskedPositionsIgnored(IObjective objective)
    {
        using var student = RandomLogits(7);
        using var teacher = RandomLogits(8);
        using var labels = RandomLabels(7);
        using var masked = labels.eq(-100).unsqueeze(2);                  // (B, T, 1)
        using var noise = RandomLogits(9, scale: 100);
        using var wildStudent = student.where(masked.logical_not(), noise);
        using var wildTeacher = teacher.where(masked.logical_not(), noise.neg());
        Assert.Equal(Value(objective, student, teacher, labels), Value(objective, wildStudent, wildTeacher, labels), 6);

        using var none = full_like(labels, -100);
        Assert.Equal(0, Value(objective, student, teacher, none));
    }

    /// <summary>Autograd's gradient on the student logits (1, 3, 5) in fp64 matches central differences.</summary>
    public static void AssertGradientMatchesFiniteDifferences(IObjective objective, int seed = 11)
    {
        using var student = RandomLogits(seed, B: 1, T: 3, V: 5, scale: 2, dtype: ScalarType.Float64);
        using var teacher = RandomLogits(seed + 1, B: 1, T: 3, V: 5, scale: 2, dtype: ScalarType.Float64);
        using var labels = Labels(3, -100, 1);
        GradientCheck.AssertMatchesFiniteDifferences(s => objective.Compute(s, teacher, labels), student);
    }
}
