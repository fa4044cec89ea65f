using Workbench.Training.Data;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>Shared shape checks and the target mask m = (labels != −100) of objectives.md §0.</summary>
internal static class TargetRows
{
    public static void CheckShapes(Tensor logits, Tensor labels, string name)
    {
        if (logits.dim() != 3) throw new ArgumentException($"{name} must be (B, T, V); got {logits.dim()} dimensions.");
        if (labels.dim() != 2 || labels.shape[0] != logits.shape[0] || labels.shape[1] != logits.shape[1])
            throw new ArgumentException($"Labels must be (B, T) = ({logits.shape[0]}, {logits.shape[1]}); got ({string.Join(", ", labels.shape)}).");
    }

    /// <summary>(B, T) bool: positions that have a target.</summary>
    public static Tensor Mask(Tensor labels) => labels.ne(Batch.IgnoreIndex);

    /// <summary>
    /// The rows of (B, T, V) <paramref name="logits"/> where <paramref name="mask"/> is set, as fp32 (N, V); fp64
    /// logits stay fp64 (the finite-difference gradient checks need double precision).
    /// </summary>
    /// <remarks>Only answer positions carry a target, so selecting them first makes every softmax ~10× smaller.</remarks>
    public static Tensor Select(Tensor logits, Tensor mask)
    {
        using var rows = logits.index([mask]);                    // (N, V)
        return AtLeastFp32(rows);
    }

    /// <summary>objectives.md §0: fp32 (or wider) before any softmax. Shares <paramref name="rows"/>' storage when already so: never write into it.</summary>
    public static Tensor AtLeastFp32(Tensor rows) => rows.to(rows.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);

    /// <summary>Throws unless <paramref name="teacherLogits"/> is present and shaped like <paramref name="studentLogits"/>.</summary>
    public static Tensor CheckPair(string kind, Tensor studentLogits, Tensor? teacherLogits, Tensor labels)
    {
        if (teacherLogits is null) throw new ArgumentException($"Objective '{kind}' needs teacher logits.", nameof(teacherLogits));
        CheckShapes(studentLogits, labels, "Student logits");
        CheckShapes(teacherLogits, labels, "Teacher logits");
        if (teacherLogits.shape[2] != studentLogits.shape[2])
            throw new ArgumentException($"Teacher and student vocabularies differ ({teacherLogits.shape[2]} vs {studentLogits.shape[2]}).");
        return teacherLogits;
    }

    public static void CheckTemperature(double temperature)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive number.");
    }

    /// <summary><paramref name="temperature"/> after <see cref="CheckTemperature"/>.</summary>
    public static double CheckedTemperature(double temperature)
    {
        CheckTemperature(temperature);
        return temperature;
    }
}
