using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Forward KL(teacher ‖ student) at temperature T (objectives.md §1.3; Hinton, Vinyals, Dean 2015,
/// arXiv:1503.02531): per position <c>FKL_t = Σ_v p_v (log p_v − log q_v)</c> with p = softmax(z_T/T) and
/// q = softmax(z_S/T) over logits z_T, z_S (B, T, V); token mean over m = (labels ≠ −100), times T² by default
/// so the soft term's gradient does not shrink as 1/T². Computed in fp32 log space; p·log p = 0 where p = 0.
/// </summary>
public sealed class ForwardKlObjective : IObjective
{
    public ForwardKlObjective(double temperature = 1.0, bool scaleByTemperatureSquared = true)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive number.");
        Temperature = temperature;
        ScaleByTemperatureSquared = scaleByTemperatureSquared;
    }

    public string Kind => ObjectiveKinds.ForwardKl;
    public bool NeedsTeacher => true;
    public double Temperature { get; }
    public bool ScaleByTemperatureSquared { get; }

    /// <summary>Token-mean forward KL (× T² when enabled); 0 when no position has a target.</summary>
    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor labels)
    {
        TargetRows.CheckShapes(studentLogits, labels, "Student logits");
        TargetRows.CheckShapes(teacherLogits, labels, "Teacher logits");
        if (teacherLogits.shape[2] != studentLogits.shape[2])
            throw new ArgumentException($"Teacher and student vocabularies differ ({teacherLogits.shape[2]} vs {studentLogits.shape[2]}).");

        using var mask = TargetRows.Mask(labels);                         // (B, T)
        using var zs = TargetRows.Select(studentLogits, mask);            // (N, V)
        using var zt = TargetRows.Select(teacherLogits, mask);            // (N, V)
        using var zs_T = zs / Temperature;
        using var zt_T = zt / Temperature;
        using var log_q = log_softmax(zs_T, 1);                           // (N, V)
        using var log_p = log_softmax(zt_T, 1);                           // (N, V)
        using var p = log_p.exp();
        using var log_ratio = log_p - log_q;
        using var pointwise = p * log_ratio;                              // (N, V)
        using var zero_p = p.eq(0);
        using var kl = pointwise.masked_fill(zero_p, 0);                  // 0·log 0 = 0 (teacher logit −inf)
        using var total = kl.sum();
        var scale = (ScaleByTemperatureSquared ? Temperature * Temperature : 1.0) / Math.Max(1, zs.shape[0]);
        return total * scale;
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        Compute(studentLogits, teacherLogits ?? throw new ArgumentException("Forward KL needs teacher logits.", nameof(teacherLogits)), labels);
}
