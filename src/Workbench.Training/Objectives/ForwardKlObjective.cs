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
    : DivergenceObjective(temperature, scaleByTemperatureSquared), IClosedFormGradient, IClosedFormStoreGradient
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
        using var sum = LogSpace.KlSum(log_p, log_q);
        var mean = sum.mul(scale / n);
        using var p = log_p.exp();
        var gradient = log_q.exp_().sub_(p).mul_(scale / (n * Temperature));   // s/(n·T) · (q − p), in place
        return (mean, gradient);
    }

    /// <summary>
    /// Closed form against the store's (k + 1) buckets (<see cref="SparseBuckets"/>): with b the student's bucket
    /// log-probabilities, Q = softmax(b), P = softmax(teacher buckets) and g = Q − P (the bucket KL's gradient in b), and u = z_S/T,
    /// q = softmax(u): <c>∂L/∂u_j = g_j·[j ∈ K] − q_j·G + [j ∉ K]·q_j·c·g_rest/m_S</c> with <c>G = Σ_K g_i + c·g_rest</c>,
    /// m_S the student's rest mass before its clamp and c = 1 where the clamp does not bite; ∂L/∂z_S = s/(n·T)·∂L/∂u.
    /// </summary>
    public (Tensor Mean, Tensor Gradient) MeanAndGradientFromStore(Tensor studentRows, Tensor ids, Tensor logProbs, Tensor restLogMass)
    {
        using var noGrad = no_grad();
        var (n, k) = (Math.Max(1, studentRows.shape[0]), ids.shape[1]);
        var scale = ScaleByTemperatureSquared ? Temperature * Temperature : 1.0;
        using var z = TargetRows.AtLeastFp32(studentRows);
        using var u = z / Temperature;                                                  // (n, V)
        var (bucket_q, bucket_p, rawRest) = SparseBuckets.OfWithRawRest(u, ids, logProbs, restLogMass);
        using var _bucket_q = bucket_q;
        using var _bucket_p = bucket_p;
        using var _rawRest = rawRest;
        using var log_Q = bucket_q.log_softmax(1);                                     // (n, k [+ 1])
        using var log_P = bucket_p.log_softmax(1);
        using var sum = LogSpace.KlSum(log_P, log_Q);
        var mean = sum.mul(scale / n);

        using var Q = log_Q.exp();
        using var P = log_P.exp();
        using var g = Q - P;                                                            // (n, k [+ 1])
        using var g_K = g.narrow(1, 0, k);
        using var G = g_K.sum(1, keepdim: true);                                        // (n, 1)
        using var coefficient = zeros_like(u);                                          // (n, V): −G inside K, −G + c·g_rest/m_S outside
        if (rawRest is not null)
        {
            using var g_rest = g.narrow(1, k, 1);
            using var open = rawRest.ge(SparseBuckets.LogEps).to(g.dtype);              // c
            using var c_g_rest = g_rest * open;
            G.add_(c_g_rest);
            using var m_S = rawRest.exp();
            using var outside = c_g_rest / m_S;
            coefficient.add_(outside);
        }
        coefficient.sub_(G);
        using var minusG = G.neg().expand(n, k);
        coefficient.scatter_(1, ids, minusG);
        var gradient = u.log_softmax(1).exp_().mul_(coefficient).scatter_add_(1, ids, g_K);   // ∂L/∂u
        gradient.mul_(scale / (n * Temperature));
        return (mean, gradient);
    }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits) => KlSum(studentLogits, teacherLogits);
}
