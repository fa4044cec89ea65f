using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>Small hand-made logits and labels.</summary>
internal static class ObjectiveTestData
{
    /// <summary>(1, rows, V) logits from rows of values.</summary>
    public static Tensor Logits(params float[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [1, rows.Length, rows[0].Length]);

    /// <summary>(1, T) labels.</summary>
    public static Tensor Labels(params long[] labels) => tensor(labels, [1, labels.Length]);
}
