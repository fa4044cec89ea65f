using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Sparse (top-k) logit distillation (objectives.md §2; DistillKit <c>top_k</c> and its missing-mass modes), from a live
/// teacher or from a top-k cache (<see cref="TeacherTopK"/>). Per position, K = the teacher's k most likely tokens of
/// z_T/T (B, T, V); the student side is its full-vocabulary log-probability gathered at K,
/// <c>log q_i = z_S,i/T − logsumexp_v z_S,v/T</c>, never renormalised over K. Missing-mass modes:
/// <list type="bullet">
/// <item><c>zero</c> (default): the teacher renormalised over K, <c>p̃ = softmax_K(log p_K)</c> = softmax_K(z_T/T);
/// <c>KL_K = Σ_{i∈K} p̃_i (log p̃_i − log q_i)</c>.</item>
/// <item><c>symmetric_uniform</c>: the leftover mass is a (k+1)-th bucket on both sides,
/// <c>KL = Σ_K p_i (log p_i − log q_i) + m_T (log m_T − log m_S)</c>, m = 1 − Σ_K. [wb] log m is the logsumexp over
/// the tokens outside K minus the full logsumexp (no cancellation in 1 − Σ_K when K holds nearly all the mass),
/// clamped to ≥ log ε, ε = 1e-8 (the spec's clamp of Σ_K to ≤ 1 − ε).</item>
/// </list>
/// Token mean over labels ≠ −100, × T². k ≥ V is full forward KL. The live and the cached path share the teacher's side
/// (<see cref="TeacherSide"/>) and the divergence, so a cache taken at the same T gives the same loss and gradient.
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

    /// <summary>Tokens kept per position for a vocabulary of <paramref name="vocabSize"/>: min(K, V).</summary>
    public int KeptTokens(long vocabSize) => (int)Math.Min(K, vocabSize);

    /// <summary>
    /// The term from cached teacher top-k (taken at this objective's temperature with <see cref="KeptTokens"/> ids) against
    /// student logits (B, T, V) and labels (B, T): the same value and gradient as the live teacher's.
    /// </summary>
    public Tensor Compute(Tensor studentLogits, TeacherTopK teacher, Tensor labels)
    {
        TargetRows.CheckShapes(studentLogits, labels, "Student logits");
        var k = KeptTokens(studentLogits.shape[2]);
        if (teacher.K != k || teacher.Ids.shape[0] != labels.shape[0] || teacher.Ids.shape[1] != labels.shape[1])
            throw new ArgumentException($"The cached teacher top-k is ({string.Join(", ", teacher.Ids.shape)}); this term needs ({labels.shape[0]}, {labels.shape[1]}, {k}).", nameof(teacher));
        if (teacher.Temperature != Temperature)
            throw new ArgumentException($"The cached teacher top-k was taken at T = {teacher.Temperature}; this term uses T = {Temperature}.", nameof(teacher));

        using var mask = TargetRows.Mask(labels);                         // (B, T)
        using var zs = TargetRows.Select(studentLogits, mask);            // (N, V)
        using var zs_T = zs / Temperature;
        using var ids = teacher.Ids.index([mask]);                        // (N, k)
        using var log_p = teacher.LogProbs.index([mask]);                 // (N, k)
        using var leftover = teacher.LeftoverLogMass.index([mask]);       // (N)
        using var log_m_T = leftover.unsqueeze(1);                        // (N, 1)
        using var total = Sum(zs_T, ids, log_p, log_m_T);
        return TokenMean(total, zs.shape[0]);
    }

    public override int StoreIdsNeeded(long vocabSize) => KeptTokens(vocabSize);

    /// <summary>
    /// The term from a teacher-logit store holding at least <see cref="KeptTokens"/> ids per position
    /// (<see cref="Workbench.Experiments.StoreFormulas.TopK"/>): the first k ids and log-probabilities, and the rest mass
    /// <c>log m_T = logaddexp(log m_store, logsumexp of the stored log p beyond k)</c>; then exactly <see cref="Compute(Tensor, TeacherTopK, Tensor)"/>.
    /// </summary>
    public override Tensor ComputeFromStore(Tensor studentLogits, TeacherTopK teacher, Tensor labels)
    {
        SparseBuckets.Check(Kind, studentLogits, teacher, labels, Temperature);
        var k = KeptTokens(studentLogits.shape[2]);
        if (teacher.K == k) return Compute(studentLogits, teacher, labels);
        if (teacher.K < k) throw new ArgumentException($"The store keeps {teacher.K} ids per position; this term needs {k}.", nameof(teacher));
        using var beyond = teacher.LogProbs.narrow(2, k, teacher.K - k);        // (B, T, k_s − k)
        using var lse_beyond = beyond.logsumexp(2);                              // (B, T)
        using var rest = teacher.LeftoverLogMass.logaddexp(lse_beyond);          // (B, T)
        using var sliced = new TeacherTopK(teacher.Ids.narrow(2, 0, k), teacher.LogProbs.narrow(2, 0, k), rest.alias(), teacher.Temperature);
        return Compute(studentLogits, sliced, labels);
    }

    protected override Tensor Sum(Tensor studentLogits, Tensor teacherLogits)
    {
        var (ids, log_p, log_m_T) = TeacherSide(teacherLogits, KeptTokens(teacherLogits.shape[1]),
                                                withLeftover: MissingMass == ObjectiveTerm.MissingMassSymmetricUniform);
        using var _ids = ids;
        using var _log_p = log_p;
        using var _log_m_T = log_m_T;
        return Sum(studentLogits, ids, log_p, log_m_T);
    }

    /// <summary>
    /// The teacher's side from temperature-scaled logits <c>z_T/T</c> (N, V): top-k ids (N, k), their full-vocabulary
    /// log-probabilities (N, k) and, when asked, the clamped log of the mass outside K (N, 1); what a cache stores.
    /// </summary>
    internal static (Tensor Ids, Tensor LogProbs, Tensor? LeftoverLogMass) TeacherSide(Tensor teacherLogits, int k, bool withLeftover)
    {
        var (zt_K, ids) = teacherLogits.topk(k, dim: 1);                  // (N, k), (N, k)
        using var _zt_K = zt_K;
        using var lse_t = teacherLogits.logsumexp(1, keepdim: true);       // (N, 1)
        var log_p = zt_K - lse_t;                                          // (N, k)
        if (!withLeftover) return (ids, log_p, null);
        using var inK = InK(teacherLogits, ids);
        return (ids, log_p, LeftoverLogMass(teacherLogits, inK, lse_t));
    }

    // The divergence summed over rows, from the student's scaled logits (N, V) and the teacher's side.
    private Tensor Sum(Tensor studentLogits, Tensor ids, Tensor log_p, Tensor? log_m_T)
    {
        var V = studentLogits.shape[1];
        using var lse_s = studentLogits.logsumexp(1, keepdim: true);       // (N, 1)
        using var zs_K = studentLogits.gather(1, ids);                     // (N, k)
        using var log_q = zs_K - lse_s;                                    // (N, k) full-vocabulary log q at K

        if (MissingMass == ObjectiveTerm.MissingMassZero)
        {
            using var log_p_renorm = log_softmax(log_p, 1);                // (N, k) teacher renormalised over K
            return LogSpace.KlSum(log_p_renorm, log_q);
        }

        var kl_K = LogSpace.KlSum(log_p, log_q);
        if (ids.shape[1] == V) return kl_K;                                // no tokens outside K: the bucket is empty
        using var _kl_K = kl_K;

        using var inK = InK(studentLogits, ids);
        using var log_m_S = LeftoverLogMass(studentLogits, inK, lse_s);   // (N, 1)
        using var bucket = LogSpace.KlSum(log_m_T!, log_m_S);
        return kl_K + bucket;
    }

    /// <summary>(N, V) bool, true at the ids of K.</summary>
    private static Tensor InK(Tensor logits, Tensor ids)
    {
        var inK = zeros_like(logits, dtype: ScalarType.Bool);
        using var marks = ones_like(ids, dtype: ScalarType.Bool);
        inK.scatter_(1, ids, marks);
        return inK;
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
