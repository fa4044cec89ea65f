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
    : DivergenceObjective(temperature, scaleByTemperatureSquared), IClosedFormGradient
{
    public override string Kind => ObjectiveKinds.ForwardKl;

    /// <summary>Σ_rows KL(p ‖ q) from z_S/T, z_T/T (N, V).</summary>
    internal static Tensor KlSum(Tensor studentLogits, Tensor teacherLogits)
    {
        using var log_q = log_softmax(studentLogits, 1);                  // (N, V)
        using var log_p = log_softmax(teacherLogits, 1);                  // (N, V)
        return LogSpace.KlSum(log_p, log_q);
    }

    /// <summary>
    /// Closed form over n rows: with u = z_S/T, q = softmax(u), p = softmax(z_T/T) and the factor s (T² when enabled, else 1),
    /// <c>L = (s/n) Σ_i KL(p_i ‖ q_i)</c> and <c>∂L/∂z_S = s/(n·T) · (q − p)</c> (the soft cross-entropy's gradient, §1.3).
    /// </summary>
    public (Tensor Mean, Tensor Gradient) MeanAndGradient(Tensor studentRows, Tensor? teacherRows, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(teacherRows);
        using var noGrad = no_grad();
        var n = Math.Max(1, studentRows.shape[0]);
        var scale = ScaleByTemperatureSquared ? Temperature * Temperature : 1.0;
        using var z = TargetRows.AtLeastFp32(studentRows);
        using var z_T = TargetRows.AtLeastFp32(teacherRows);
        using var u = z / Temperature;
        using var u_T = z_T / Temperature;
        var log_q = u.log_softmax(1);                                     // (n, V), becomes the gradient
        using var log_p = u_T.log_softmax(1);
        using var p = log_p.exp();
        // p·log p = 0 where p = 0: such a log p is −∞ (a −∞ teacher logit); made the lowest finite float, its product with
        // p = 0 is 0, not NaN. Cheaper than KlSum's mask, and the sum is a dot product: no (n, V) product is written.
        var ratio = log_p.clamp_min_(float.MinValue).sub_(log_q);        // in place: log_p is the ratio from here
        using var flatP = p.reshape(-1);
        using var flatRatio = ratio.reshape(-1);
        using var sum = flatP.dot(flatRatio);
        var mean = sum.mul(scale / n);
        var gradient = log_q.exp_().sub_(p).mul_(scale / (n * Temperature));   // s/(n·T) · (q − p), in place
        return (mean, gradient);
    }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits) => KlSum(studentLogits, teacherLogits);
}
