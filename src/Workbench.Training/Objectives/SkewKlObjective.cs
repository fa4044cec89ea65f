using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Skew KL (objectives.md §1.6; Ko et al., DistiLLM, ICML 2024, arXiv:2402.03898):
/// <c>SKL_α = KL(p ‖ α·p + (1−α)·q)</c> per position, p = softmax(z_T/T), q = softmax(z_S/T) over logits (B, T, V).
/// The mixture contains q, so the gradient flows through it; skewing bounds the loss by log(1/α) and keeps it finite
/// where q → 0. α = 0 is forward KL. Default α = 0.1 (<c>skew_alpha</c>). [wb] the true KL (DistiLLM drops the
/// teacher entropy) with log mix = logaddexp(log α + log p, log(1−α) + log q) instead of log of a probability sum.
/// Token mean over labels ≠ −100, × T² (the reference has no temperature: T = 1).
/// </summary>
public sealed class SkewKlObjective : DivergenceObjective
{
    public SkewKlObjective(double alpha = ObjectiveTerm.DefaultSkewAlpha, double temperature = 1.0, bool scaleByTemperatureSquared = true)
        : base(temperature, scaleByTemperatureSquared)
    {
        SkewGuard.Check(alpha);
        Alpha = alpha;
    }

    public override string Kind => ObjectiveKinds.SkewKl;
    public double Alpha { get; }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        using var log_mix = LogSpace.LogMix(log_p, Alpha, log_q);         // (N, V) log(αp + (1−α)q)
        return LogSpace.KlSum(log_p, log_mix);
    }
}
