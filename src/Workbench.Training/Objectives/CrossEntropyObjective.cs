using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Cross-entropy on the target tokens (objectives.md §1.1; standard MLE, the "hard" term of Hinton et al. 2015):
/// <c>L_CE = −(1/max(1, Σm)) Σ_{b,t} m_{b,t} · log softmax(z_S)_{b,t,y_{b,t}}</c>, with student logits
/// z_S (B, T, V), shifted labels y (B, T) and mask m = (y ≠ −100). No temperature; fused log-softmax + NLL in fp32.
/// </summary>
public sealed class CrossEntropyObjective : IObjective
{
    public string Kind => ObjectiveKinds.CrossEntropy;
    public bool NeedsTeacher => false;

    /// <summary>Token-mean cross-entropy; 0 when no position has a target.</summary>
    public Tensor Compute(Tensor studentLogits, Tensor labels)
    {
        TargetRows.CheckShapes(studentLogits, labels, "Student logits");
        using var mask = TargetRows.Mask(labels);                   // (B, T)
        using var rows = TargetRows.Select(studentLogits, mask);    // (N, V) fp32
        using var targets = labels.index([mask]);                   // (N)
        using var total = cross_entropy(rows, targets, reduction: nn.Reduction.Sum);
        return total / Math.Max(1, targets.shape[0]);
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) => Compute(studentLogits, labels);
}
