using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A term that compares the student's and the teacher's next-token distributions when each model reads its own tokenization of
/// the same text (<see cref="Workbench.Experiments.ObjectiveInput.AlignedLogits"/>): the logits of the two models have different
/// lengths and vocabularies, and <see cref="TokenAlignment"/> says which target positions correspond.
/// </summary>
public interface ICrossTokenizerObjective : IObjective
{
    /// <summary>
    /// The unweighted term as a scalar tensor, from student logits (B, T_S, V_S) and teacher logits (B, T_T, V_T) over the same
    /// samples, paired by <paramref name="alignment"/>.
    /// </summary>
    Tensor Compute(Tensor studentLogits, Tensor teacherLogits, TokenAlignment alignment);
}
