using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Sparse (top-k) logit distillation from a live teacher (objectives.md §2, "online variant"; DistillKit
/// <c>top_k</c> and its missing-mass modes). Per position, K = the teacher's k most likely tokens of z_T/T (B, T, V);
/// the student side is its full-vocabulary log-probability gathered at K, <c>log q_i = z_S,i/T − logsumexp_v z_S,v/T</c>,
/// never renormalised over K. Missing-mass modes:
/// <list type="bullet">
/// <item><c>zero</c> (default): the teacher renormalised over K, <c>p̃ = softmax_K(z_T/T)</c>;
/// <c>KL_K = Σ_{i∈K} p̃_i (log p̃_i − log q_i)</c>.</item>
/// <item><c>symmetric_uniform</c>: the leftover mass is a (k+1)-th bucket on both sides,
/// <c>KL = Σ_K p_i (log p_i − log q_i) + m_T (log m_T − log m_S)</c>, m = 1 − Σ_K. [wb] log m is the logsumexp over
/// the tokens outside K minus the full logsumexp (no cancellation in 1 − Σ_K when K holds nearly all the mass),
/// clamped to ≥ log ε, ε = 1e-8 (the spec's clamp of Σ_K to ≤ 1 − ε).</item>
/// </list>
/// Token mean over labels ≠ −100, × T². k ≥ V is full forward KL. Teacher top-k caches on disk are not implemented:
/// this term always reads live teacher logits.
/// </summary>
public sealed class TopKKlObjective : DivergenceObjective
{
    private const double LogEps = -18.420680743952367;   // log 1e-8

    public TopKKlObjective(int k = ObjectiveTerm.DefaultTopK, string missingMass = ObjectiveTerm.MissingMassZero,
                           double temperature = 1.0, bool scaleByTemperatureSquared = true)
        : base(temperature, scaleByTemperatureSquared)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (missingMass is not (ObjectiveTerm.MissingMassZero or ObjectiveTerm.MissingMassSymmetricUniform))
            throw new ArgumentException($"Missing mass must be '{ObjectiveTerm.MissingMassZero}' or '{ObjectiveTerm.MissingMassSymmetricUniform}'.", nameof(missingMass));
        K = k;
        MissingMass = missingMass;
    }

    public override string Kind => ObjectiveKinds.TopKKl;
    public int K { get; }
    public string MissingMass { get; }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        var V = studentLogits.shape[1];
        var k = Math.Min(K, V);
        var (zt_K, ids) = teacherLogits.topk((int)k, dim: 1);              // (N, k), (N, k)
        using var _zt_K = zt_K;
        using var _ids = ids;
        using var lse_s = studentLogits.logsumexp(1, keepdim: true);       // (N, 1)
        using var zs_K = studentLogits.gather(1, ids);                     // (N, k)
        using var log_q = zs_K - lse_s;                                    // (N, k) full-vocabulary log q at K

        if (MissingMass == ObjectiveTerm.MissingMassZero)
        {
            using var log_p_renorm = log_softmax(zt_K, 1);                 // (N, k) teacher renormalised over K
            return LogSpace.KlSum(log_p_renorm, log_q);
        }

        using var lse_t = teacherLogits.logsumexp(1, keepdim: true);       // (N, 1)
        using var log_p = zt_K - lse_t;                                    // (N, k)
        var kl_K = LogSpace.KlSum(log_p, log_q);
        if (k == V) return kl_K;                                           // no tokens outside K: the bucket is empty
        using var _kl_K = kl_K;

        using var inK = zeros_like(teacherLogits, dtype: ScalarType.Bool);  // (N, V) true at K
        using var marks = ones_like(ids, dtype: ScalarType.Bool);
        inK.scatter_(1, ids, marks);
        using var log_m_T = LeftoverLogMass(teacherLogits, inK, lse_t);   // (N, 1)
        using var log_m_S = LeftoverLogMass(studentLogits, inK, lse_s);   // (N, 1)
        using var bucket = LogSpace.KlSum(log_m_T, log_m_S);
        return kl_K + bucket;
    }

    /// <summary>log of the probability outside K, (N, 1), clamped to ≥ log ε.</summary>
    private static Tensor LeftoverLogMass(Tensor logits, Tensor inK, Tensor lse)
    {
        using var outside = logits.masked_fill(inK, double.NegativeInfinity);   // (N, V)
        using var lse_out = outside.logsumexp(1, keepdim: true);                // (N, 1)
        using var log_m = lse_out - lse;
        return log_m.clamp_min(LogEps);
    }
}
