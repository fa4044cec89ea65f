using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Generalized Jensen–Shannon divergence JSD(β) (objectives.md §1.5; Agarwal et al., GKD, ICLR 2024,
/// arXiv:2306.13649, Eq. 1): with p = softmax(z_T/T), q = softmax(z_S/T) over logits (B, T, V) and the mixture
/// <c>M = β·p + (1−β)·q</c>, per position <c>JSD_β = β·KL(p ‖ M) + (1−β)·KL(q ‖ M)</c>, where
/// <c>log M = logaddexp(log p + log β, log q + log(1−β))</c>. As TRL does, β = 0 is exactly forward KL and β = 1
/// exactly reverse KL (the formula itself goes to 0 at both ends, so the loss scale jumps there). Default β = 0.5
/// (TRL GKDConfig). Token mean over labels ≠ −100, × T² (DistillKit; TRL uses T = 1).
/// </summary>
public sealed class JsdObjective : DivergenceObjective
{
    public JsdObjective(double beta = ObjectiveTerm.DefaultBeta, double temperature = 1.0, bool scaleByTemperatureSquared = true)
        : base(temperature, scaleByTemperatureSquared)
    {
        if (!(beta is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be between 0 and 1.");
        Beta = beta;
    }

    public override string Kind => ObjectiveKinds.Jsd;
    public double Beta { get; }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        if (Beta == 0) return ForwardKlObjective.KlSum(studentLogits, teacherLogits);
        if (Beta == 1) return ReverseKlObjective.KlSum(studentLogits, teacherLogits);

        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        using var log_m = LogSpace.LogMix(log_p, Beta, log_q);            // (N, V) log(βp + (1−β)q)
        using var kl_p = LogSpace.KlSum(log_p, log_m);
        using var kl_q = LogSpace.KlSum(log_q, log_m);
        using var weighted_p = kl_p * Beta;
        using var weighted_q = kl_q * (1 - Beta);
        return weighted_p + weighted_q;
    }
}
