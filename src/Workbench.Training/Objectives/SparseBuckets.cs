using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// The (k + 1)-bucket distributions a divergence compares when the teacher is a store row (objectives.md §2,
/// <c>symmetric_uniform</c>, applied to every divergence; <see cref="Workbench.Experiments.StoreFormulas.Buckets"/>):
/// teacher <c>(log p_i for i ∈ K, log m_T)</c>, student <c>(log q_i for i ∈ K, log m_S)</c> with
/// <c>log q_i = z_S,i/T − logsumexp_v z_S,v/T</c> (never renormalised over K) and <c>m_S = Σ_{v∉K} q_v</c> summed directly
/// (no 1 − Σ_K cancellation). Both rest masses are clamped to ≥ 1e-8 (the spec's eps). When K is the whole vocabulary there is
/// no rest bucket and the pair is the full distributions, permuted.
/// </summary>
internal static class SparseBuckets
{
    private const double LogEps = -18.420680743952367;   // log 1e-8

    /// <summary>(log q, log p), each (N, k + 1), or (N, k) when k = V.</summary>
    public static (Tensor Student, Tensor Teacher) Of(Tensor studentLogits, Tensor ids, Tensor teacherLogProbs, Tensor teacherRestLogMass)
    {
        var (V, k) = (studentLogits.shape[1], ids.shape[1]);
        using var lse_s = studentLogits.logsumexp(1, keepdim: true);       // (N, 1)
        using var zs_K = studentLogits.gather(1, ids);                     // (N, k)
        var log_q = zs_K - lse_s;                                          // (N, k)
        using var log_p = teacherLogProbs.to(log_q.dtype);                 // (N, k)
        if (k == V) return (log_q, log_p.alias());
        using var _log_q = log_q;

        using var inK = zeros_like(studentLogits, dtype: ScalarType.Bool);  // (N, V) true at K
        using var marks = ones_like(ids, dtype: ScalarType.Bool);
        inK.scatter_(1, ids, marks);
        using var outside = studentLogits.masked_fill(inK, double.NegativeInfinity);
        using var lse_out = outside.logsumexp(1, keepdim: true);           // (N, 1)
        using var log_m_S_raw = lse_out - lse_s;
        using var log_m_S = log_m_S_raw.clamp_min(LogEps);                 // (N, 1)
        using var log_m_T_raw = teacherRestLogMass.to(log_q.dtype);
        using var log_m_T = log_m_T_raw.clamp_min(LogEps);                 // (N, 1)
        return (cat([log_q, log_m_S], 1), cat([log_p, log_m_T], 1));
    }

    /// <summary>The batch's store rows at the positions of <paramref name="mask"/>: ids (N, k), log p (N, k), log m_T (N, 1).</summary>
    public static (Tensor Ids, Tensor LogProbs, Tensor RestLogMass) Rows(TeacherTopK teacher, Tensor mask)
    {
        var ids = teacher.Ids.index([mask]);                               // (N, k)
        var log_p = teacher.LogProbs.index([mask]);                        // (N, k)
        using var rest = teacher.LeftoverLogMass.index([mask]);            // (N)
        return (ids, log_p, rest.unsqueeze(1));
    }

    /// <summary>Throws unless the store rows fit the batch and were taken at <paramref name="temperature"/>.</summary>
    public static void Check(string kind, Tensor studentLogits, TeacherTopK teacher, Tensor labels, double temperature)
    {
        TargetRows.CheckShapes(studentLogits, labels, "Student logits");
        if (teacher.Ids.dim() != 3 || teacher.Ids.shape[0] != labels.shape[0] || teacher.Ids.shape[1] != labels.shape[1] || teacher.K > studentLogits.shape[2])
            throw new ArgumentException($"The stored teacher rows are ({string.Join(", ", teacher.Ids.shape)}); '{kind}' needs ({labels.shape[0]}, {labels.shape[1]}, k ≤ {studentLogits.shape[2]}).", nameof(teacher));
        if (teacher.Temperature != temperature)
            throw new ArgumentException($"The stored teacher rows were taken at T = {teacher.Temperature}; '{kind}' uses T = {temperature}.", nameof(teacher));
    }
}
