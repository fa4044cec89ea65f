using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Forward KL(teacher ‖ student) at temperature T (objectives.md §1.3; Hinton, Vinyals, Dean 2015,
/// arXiv:1503.02531): per position <c>FKL_t = Σ_v p_v (log p_v − log q_v)</c> with p = softmax(z_T/T) and
/// q = softmax(z_S/T) over logits z_T, z_S (B, T, V); token mean over m = (labels ≠ −100), times T² by default
/// so the soft term's gradient does not shrink as 1/T². Computed in fp32 log space; p·log p = 0 where p = 0.
/// Mean-seeking; TRL GKD with β = 0.
/// </summary>
public sealed class ForwardKlObjective(double temperature = 1.0, bool scaleByTemperatureSquared = true)
    : DivergenceObjective(temperature, scaleByTemperatureSquared)
{
    public override string Kind => ObjectiveKinds.ForwardKl;

    /// <summary>Σ_rows KL(p ‖ q) from z_S/T, z_T/T (N, V).</summary>
    internal static Tensor KlSum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        return LogSpace.KlSum(log_p, log_q);
    }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits) => KlSum(studentLogits, teacherLogits);
}
