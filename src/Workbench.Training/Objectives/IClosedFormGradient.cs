using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A token-mean logit term whose gradient with respect to the student's logits has a closed form, so the chunked loss
/// (<see cref="ChunkedLogitLoss"/>) writes it directly instead of building and walking autograd's graph of the term's
/// softmaxes: fewer passes over the (n, V) rows and no saved intermediates (the fused losses of Liger and TRL; objectives.md §12).
/// </summary>
public interface IClosedFormGradient : IObjective
{
    /// <summary>
    /// The term's mean over the n rows and its gradient ∂mean/∂z_S (n, V), from student logits <paramref name="studentRows"/>
    /// (n, V), the teacher's <paramref name="teacherRows"/> (n, V; null when the term needs no teacher) and targets (n); every
    /// row has a target. Computed without autograd, in fp32 (fp64 stays fp64); both tensors are the caller's.
    /// </summary>
    (Tensor Mean, Tensor Gradient) MeanAndGradient(Tensor studentRows, Tensor? teacherRows, Tensor targets);
}
