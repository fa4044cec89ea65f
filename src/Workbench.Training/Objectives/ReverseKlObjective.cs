using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Reverse KL(student ‖ teacher) (objectives.md §1.4; Gu et al., MiniLLM, arXiv:2306.08543; DistiLLM <c>rkl</c>):
/// per position <c>RKL_t = Σ_v q_v (log q_v − log p_v)</c> with q = softmax(z_S/T), p = softmax(z_T/T) over logits
/// (B, T, V); the gradient flows through both factors of q. Mode-seeking; TRL GKD with β = 1. Token mean over
/// labels ≠ −100, × T² (the references use T = 1, where the factor is 1). fp32 log space; q·log q = 0 where q = 0.
/// </summary>
public sealed class ReverseKlObjective(double temperature = 1.0, bool scaleByTemperatureSquared = true)
    : DivergenceObjective(temperature, scaleByTemperatureSquared)
{
    public override string Kind => ObjectiveKinds.ReverseKl;

    /// <summary>Σ_rows KL(q ‖ p) from z_S/T, z_T/T (N, V).</summary>
    internal static Tensor KlSum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        return LogSpace.KlSum(log_q, log_p);
    }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits) => KlSum(studentLogits, teacherLogits);
}
