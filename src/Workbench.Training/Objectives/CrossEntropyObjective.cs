using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Cross-entropy on the target tokens (objectives.md §1.1; standard MLE, the "hard" term of Hinton et al. 2015):
/// <c>L_CE = −(1/max(1, Σm)) Σ_{b,t} m_{b,t} · log softmax(z_S)_{b,t,y_{b,t}}</c>, with student logits
/// z_S (B, T, V), shifted labels y (B, T) and mask m = (y ≠ −100). No temperature; fused log-softmax + NLL in fp32.
/// </summary>
public sealed class CrossEntropyObjective : IClosedFormGradient
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

    /// <summary>
    /// Closed form over n rows: <c>L = −(1/n) Σ_i log q_{i,y_i}</c> with q = softmax(z_S), so
    /// <c>∂L/∂z_S = (q − onehot(y)) / n</c>.
    /// </summary>
    public (Tensor Mean, Tensor Gradient) MeanAndGradient(Tensor studentRows, Tensor? teacherRows, Tensor targets)
    {
        using var noGrad = no_grad();
        var n = Math.Max(1, studentRows.shape[0]);
        using var z = TargetRows.AtLeastFp32(studentRows);
        var log_q = z.log_softmax(1);                                     // (n, V), becomes the gradient
        using var y = targets.unsqueeze(1);                               // (n, 1)
        using var picked = log_q.gather(1, y);
        var mean = picked.sum().neg_().div_(n);
        using var minusOne = full_like(picked, -1.0);
        var gradient = log_q.exp_().scatter_add_(1, y, minusOne).div_(n);  // (q − onehot(y)) / n, in place
        return (mean, gradient);
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) => Compute(studentLogits, labels);
}
