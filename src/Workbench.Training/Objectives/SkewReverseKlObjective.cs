using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Skew reverse KL (objectives.md §1.6; Ko et al., DistiLLM, ICML 2024, arXiv:2402.03898):
/// <c>SRKL_α = KL(q ‖ α·q + (1−α)·p)</c> per position, q = softmax(z_S/T), p = softmax(z_T/T) over logits (B, T, V);
/// gradients flow through q and through the mixture. Bounded by log(1/α); α = 0 is reverse KL. Default α = 0.1.
/// [wb] log mix = logaddexp(log α + log q, log(1−α) + log p). Token mean over labels ≠ −100, × T² (reference: T = 1).
/// </summary>
public sealed class SkewReverseKlObjective : DivergenceObjective
{
    public SkewReverseKlObjective(double alpha = ObjectiveTerm.DefaultSkewAlpha, double temperature = 1.0, bool scaleByTemperatureSquared = true)
        : base(temperature, scaleByTemperatureSquared)
    {
        SkewGuard.Check(alpha);
        Alpha = alpha;
    }

    public override string Kind => ObjectiveKinds.SkewReverseKl;
    public double Alpha { get; }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        using var log_mix = LogSpace.LogMix(log_q, Alpha, log_p);         // (N, V) log(αq + (1−α)p)
        return LogSpace.KlSum(log_q, log_mix);
    }
}
