using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Plackett–Luce distillation (objectives.md §3; Bassam, Zhu, Bian, "PLD: A Choice-Theoretic List-Wise Knowledge
/// Distillation", NeurIPS 2025, arXiv:2506.12542). Per position with target y, over student logits s (unsoftened)
/// and teacher logits t (B, T, V):
/// π* = (y, then every other token by descending teacher logit); α_k = softmax(t/τ_T)_{π*_k};
/// <c>L = Σ_k α_k · [logsumexp_{l≥k} s_{π*_l} − s_{π*_k}]</c>, summed over ranks, token mean over labels ≠ −100.
/// α = one-hot(1) gives cross-entropy, uniform α gives ListMLE. No T² factor; default τ_T = 1 (the paper's best).
/// [wb] With <see cref="Ranks"/> = K &lt; V only the ranks k ≤ K (y + the teacher's top K−1) are scored, each against
/// all not-yet-chosen tokens (our extension; the paper ranks all C classes).
/// </summary>
/// <remarks>
/// Each bracket is <c>log r_k − log q_{π*_k}</c> with q = softmax(s) and r_k the student mass not yet chosen before
/// step k: the mass outside the K ranked tokens plus the suffix sum <c>Σ_{l=k..K} q_{π*_l}</c>. [wb] The suffix sums are
/// a reversed cumulative sum of q in fp64 rather than libtorch's <c>logcumsumexp</c>, whose CPU kernel (with its
/// backward) is ~40× slower than the whole rest of this term; summing from the tail has no cancellation (the spec's
/// <c>lse_all + log1p(−exp(lse_prefix − lse_all))</c> has), and fp64 only underflows when every token left in a
/// suffix is e^-700 below the total, where r_k is clamped to 1e-300 to stay finite.
/// </remarks>
public sealed class PlackettLuceObjective : IStoreObjective
{
    private const double MinRemainingMass = 1e-300;

    public PlackettLuceObjective(int? ranks = null, double teacherTemperature = 1.0)
    {
        if (ranks < 1) throw new ArgumentOutOfRangeException(nameof(ranks), ranks, "The number of ranks must be at least 1.");
        TargetRows.CheckTemperature(teacherTemperature);
        Ranks = ranks;
        TeacherTemperature = teacherTemperature;
    }

    public string Kind => ObjectiveKinds.PlackettLuce;
    public bool NeedsTeacher => true;
    /// <summary>Ranks K scored per position; null = the whole vocabulary.</summary>
    public int? Ranks { get; }
    public double TeacherTemperature { get; }

    /// <summary>Token-mean PLD loss of student and teacher logits (B, T, V) against labels (B, T); 0 when no position has a target.</summary>
    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor labels)
    {
        TargetRows.CheckPair(Kind, studentLogits, teacherLogits, labels);
        using var mask = TargetRows.Mask(labels);                         // (B, T)
        using var s = TargetRows.Select(studentLogits, mask);             // (N, V)
        using var zt = TargetRows.Select(teacherLogits, mask);            // (N, V)
        using var targets = labels.index([mask]);                         // (N)
        using var y = targets.unsqueeze(1);                               // (N, 1)
        var (N, V) = (s.shape[0], s.shape[1]);
        var K = Math.Min(Ranks ?? V, V);

        using var t = zt / TeacherTemperature;
        using var top = full(N, 1, double.PositiveInfinity, dtype: t.dtype, device: t.device);
        using var t_y_first = t.scatter(1, y, top);                       // (N, V) the label outranks every token
        using var perm = K == V
            ? t_y_first.argsort(1, descending: true)                      // (N, V) π*
            : TopIndices(t_y_first, K);                                   // (N, K) π*_1..K
        using var log_alpha_all = log_softmax(t, 1);                      // (N, V) log softmax(t/τ_T)
        using var log_alpha = log_alpha_all.gather(1, perm);              // (N, K)
        using var alpha = log_alpha.exp();

        using var log_q = log_softmax(s, 1);                              // (N, V)
        using var log_q_perm = log_q.gather(1, perm);                     // (N, K) log q_{π*_k}
        using var log_rest = LogRemainingMass(log_q, log_q_perm, perm);   // (N, K) log r_k
        using var nll = log_rest - log_q_perm;                            // (N, K) −log P(π*_k chosen at step k)
        using var weighted = alpha * nll;
        using var total = weighted.sum();
        return total / Math.Max(1, N);
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        Compute(studentLogits, TargetRows.CheckPair(Kind, studentLogits, teacherLogits, labels), labels);

    public double StoreTemperature => TeacherTemperature;

    public int StoreIdsNeeded(long vocabSize) => 1;

    /// <summary>
    /// PLD from a teacher-logit store taken at τ_T (<see cref="Workbench.Experiments.StoreFormulas.PlackettLuce"/>): R = min(ranks, k)
    /// ranks, π* = (y, then the stored ids by descending teacher log-probability with y skipped), α_k = the stored p of π*_k,
    /// and for y outside the stored ids α_1 = m_T / (V − k) (the rest mass spread uniformly). The student side is as live:
    /// <c>Σ_k α_k · [log r_k − log q_{π*_k}]</c> over the full softmax of s. With k = V and every rank it equals
    /// <see cref="Compute(Tensor, Tensor, Tensor)"/>; with k ≥ ranks it does whenever y is among the stored ids.
    /// </summary>
    public Tensor ComputeFromStore(Tensor studentLogits, TeacherTopK teacher, Tensor labels)
    {
        SparseBuckets.Check(Kind, studentLogits, teacher, labels, TeacherTemperature);
        using var mask = TargetRows.Mask(labels);                         // (B, T)
        using var s = TargetRows.Select(studentLogits, mask);             // (N, V)
        using var targets = labels.index([mask]);                         // (N)
        using var y = targets.unsqueeze(1);                               // (N, 1)
        var (ids, log_p_stored, log_m_T) = SparseBuckets.Rows(teacher, mask);
        using var _ids = ids;
        using var _log_p_stored = log_p_stored;
        using var _log_m_T = log_m_T;
        var (N, V, k) = (s.shape[0], s.shape[1], ids.shape[1]);
        var R = (int)Math.Min(Ranks ?? V, k);

        // Candidates: y, then the stored ids. y's α is its stored p when stored, else the rest mass spread over the V − k unstored tokens.
        using var is_y = ids.eq(y);                                       // (N, k)
        using var y_stored = is_y.any(1, keepdim: true);                  // (N, 1)
        using var log_p = log_p_stored.to(s.dtype);
        using var p_at_y = log_p.masked_fill(is_y.logical_not(), double.NegativeInfinity);
        using var log_p_y_stored = p_at_y.logsumexp(1, keepdim: true);    // (N, 1) the one stored entry, or −∞
        using var log_m = log_m_T.to(s.dtype);
        using var log_p_y_tail = k < V ? log_m - Math.Log(V - k) : full_like(log_m, double.NegativeInfinity);
        using var log_p_y = log_p_y_stored.where(y_stored, log_p_y_tail); // (N, 1)
        using var candidates = cat([y, ids], 1);                          // (N, k + 1)
        using var log_alpha_candidates = cat([log_p_y, log_p], 1);        // (N, k + 1)
        // Ranking keys: y first, then the stored ids in stored order (descending p), the stored copy of y last of all.
        using var first = full(N, 1, double.PositiveInfinity, dtype: log_p.dtype, device: log_p.device);
        using var stored_keys = log_p.masked_fill(is_y, double.NegativeInfinity);
        using var keys = cat([first, stored_keys], 1);                    // (N, k + 1)
        var (sortedKeys, order) = keys.topk(R, dim: 1);                   // (N, R) columns of candidates
        using var _sortedKeys = sortedKeys;
        using var _order = order;
        using var perm = candidates.gather(1, order);                     // (N, R) π*_1..R token ids
        using var log_alpha = log_alpha_candidates.gather(1, order);      // (N, R)
        using var alpha = log_alpha.exp();

        using var log_q = log_softmax(s, 1);                              // (N, V)
        using var log_q_perm = log_q.gather(1, perm);                     // (N, R)
        using var log_rest = LogRemainingMass(log_q, log_q_perm, perm);   // (N, R)
        using var nll = log_rest - log_q_perm;
        using var weighted = alpha * nll;
        using var total = weighted.sum();
        return total / Math.Max(1, N);
    }

    private static Tensor TopIndices(Tensor scores, long k)
    {
        var (values, indexes) = scores.topk((int)k, dim: 1);
        values.Dispose();
        return indexes;
    }

    /// <summary>log r_k (N, K): the student mass outside π*_1..k−1, as (mass outside all K) + Σ_{l=k..K} q_{π*_l}.</summary>
    private static Tensor LogRemainingMass(Tensor log_q, Tensor log_q_perm, Tensor perm)
    {
        using var log_q_perm64 = log_q_perm.to(ScalarType.Float64);       // (N, K)
        using var q_perm = log_q_perm64.exp();
        using var reversed = q_perm.flip(1);
        using var cumulative = reversed.cumsum(1);
        using var suffix = cumulative.flip(1);                            // (N, K) Σ_{l=k..K} q_{π*_l}
        Tensor rest;
        if (log_q.shape[1] == perm.shape[1]) rest = suffix.alias();      // every token is ranked
        else
        {
            using var outside = OutsideMass(log_q, perm);                 // (N, 1)
            rest = suffix + outside;
        }
        using var _rest = rest;
        using var clamped = rest.clamp_min(MinRemainingMass);
        using var log_rest = clamped.log();
        return log_rest.to(log_q.dtype);
    }

    /// <summary>(N, 1) fp64: the student mass on the tokens outside the K ranked ones, summed directly (no 1 − Σ_K).</summary>
    private static Tensor OutsideMass(Tensor log_q, Tensor perm)
    {
        using var ranked = zeros_like(log_q, dtype: ScalarType.Bool);      // (N, V) true at π*_1..K
        using var marks = ones_like(perm, dtype: ScalarType.Bool);
        ranked.scatter_(1, perm, marks);
        using var q = log_q.exp();                                        // (N, V)
        using var outside = q.masked_fill(ranked, 0);
        using var mass = outside.sum(1, keepdim: true);
        return mass.to(ScalarType.Float64);
    }
}
