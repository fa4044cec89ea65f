namespace Workbench.Experiments;

/// <summary>
/// What a logit objective computes from a teacher-logit store (<see cref="ObjectiveDescriptor.FromStore"/>). A store row holds,
/// at the objective's temperature T, the teacher's k most likely ids K, their full-vocabulary log-probabilities log p_i and
/// log m_T = log(1 − Σ_K p_i) (objectives.md §2, Capture).
/// </summary>
public static class StoreFormulas
{
    /// <summary>Forward/reverse KL, JSD(β), skew KL, skew reverse KL, total variation.</summary>
    public const string Buckets =
        "objectives.md §2 symmetric_uniform, generalised to every divergence: the teacher is the k + 1 buckets (p_i for i in K, m_T) and the " +
        "student the same buckets of its full-vocabulary softmax at T (q_i for i in K, m_S = Σ_{v∉K} q_v, never renormalised over K); the " +
        "kind's own divergence is taken between these two (k + 1)-point distributions, with the rest mass clamped to ≥ 1e-8. " +
        "k = V is the full-vocabulary objective exactly.";

    /// <summary>top_k_kl: its own sparse formula, reading the first k of the store's ids.</summary>
    public const string TopK =
        "objectives.md §2 as live: the term's k ≤ store k most likely ids, their log-probabilities, and the rest mass " +
        "m_T = m_store + Σ of the stored ids beyond the term's k; zero and symmetric_uniform as with a live teacher.";

    /// <summary>Plackett–Luce from the store.</summary>
    public const string PlackettLuce =
        "objectives.md §3 pld_topk with R = min(ranks, store k) ranks: π* = (y, then the stored ids by descending teacher log-probability, " +
        "y skipped), α_k the stored teacher probability of π*_k at τ_T; when y is outside the stored ids its α is the rest mass spread " +
        "uniformly, m_T / (V − k). The student side is exact (full softmax, suffix sums over all not-yet-chosen tokens).";
}
