using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Total variation distance (objectives.md §1.7; as a distillation objective: Wen et al. 2023, f-divergence KD;
/// DistiLLM <c>tvd</c>, DistillKit): per position <c>TVD_t = ½ Σ_v |p_v − q_v|</c> in [0, 1], with p = softmax(z_T/T),
/// q = softmax(z_S/T) over logits (B, T, V). Token mean over labels ≠ −100, × T² (DistillKit; DistiLLM uses T = 1).
/// The subgradient at p_v = q_v is 0.
/// </summary>
public sealed class TotalVariationObjective(double temperature = 1.0, bool scaleByTemperatureSquared = true)
    : DivergenceObjective(temperature, scaleByTemperatureSquared)
{
    public override string Kind => ObjectiveKinds.TotalVariation;

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var q = softmax(studentLogits, 1);                          // (N, V)
        using var p = softmax(teacherLogits, 1);                          // (N, V)
        using var diff = p - q;
        using var abs = diff.abs();
        using var total = abs.sum();
        return total * 0.5;
    }
}
