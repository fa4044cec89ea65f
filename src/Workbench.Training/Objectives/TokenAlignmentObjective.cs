using Workbench.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Span-aligned distillation across tokenizers (docs/objectives-cross-tokenizer.md §2), in the spirit of TRL's GOLD (General
/// Online Logit Distillation, its hybrid ULD loss). Targets of the two tokenizations are grouped where they cover the same
/// characters of the answer (<see cref="SpanGroups"/>). Per group g and side, the merged distribution is the first position's
/// next-token distribution times the probabilities of the group's later tokens given their prefix,
/// <c>log m_g = log softmax(z_first/T) + Σ_{j&gt;first} log softmax(z_j/T)[y_j]</c> (TRL's "observed" strategy), so it is the
/// probability of starting the group's text with each token. Over the vocabulary pairs M whose strings match
/// (<see cref="VocabularyMatch"/>), both sides renormalised over M: <c>KL(p̂_g^M ‖ q̂_g^M)</c>; over the rest, the unnormalised
/// masses: <c>ULD(p_g^U, q_g^U)</c>, the L1 between the descending-sorted vectors, the shorter padded with zeros.
/// <c>L = (1/G) Σ_g [KL_g + ULD_g]</c>; no T² factor. Without matched tokens it is ULD on the merged distributions.
/// </summary>
public sealed class TokenAlignmentObjective(double temperature = 1.0) : ICrossTokenizerObjective
{
    public string Kind => ObjectiveKinds.TokenAlignment;
    public bool NeedsTeacher => true;
    public double Temperature { get; } = TargetRows.CheckedTemperature(temperature);

    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, TokenAlignment alignment)
    {
        var (matchedS, matchedT) = alignment.Vocabulary.On(studentLogits.device);
        using var log_q = MergedLogProbabilities(studentLogits, alignment.GroupStudentRows, alignment.StudentMembers);   // (G, V_S)
        using var log_p = MergedLogProbabilities(teacherLogits, alignment.GroupTeacherRows, alignment.TeacherMembers);   // (G, V_T)
        using var kl = MatchedKl(log_q, log_p, matchedS, matchedT);
        using var uld = UnmatchedUld(log_q, log_p, matchedS, matchedT);
        using var total = kl + uld;
        return total / Math.Max(1, alignment.Groups);
    }

    /// <summary>(G, V) log of each group's merged distribution: the first position's log-softmax plus its later tokens' log-probabilities.</summary>
    internal Tensor MergedLogProbabilities(Tensor logits, Tensor firstRows, TokenAlignment.GroupMembers members)
    {
        using var log_first = AlignedRows.LogProbabilities(logits, firstRows, Temperature);            // (G, V)
        using var log_members = AlignedRows.LogProbabilities(logits, members.Rows, Temperature);       // (N, V)
        using var tokens = members.Tokens.unsqueeze(1);                                                // (N, 1)
        using var gathered = log_members.gather(1, tokens);                                            // (N, 1)
        using var log_token = gathered.squeeze(1);                                                     // (N)
        using var zeros = torch.zeros(firstRows.shape[0], dtype: log_first.dtype, device: log_first.device);
        using var continuation = zeros.index_add(0, members.Group, log_token, 1.0);                        // (G) Σ log p(y_j | prefix)
        using var column = continuation.unsqueeze(1);                                                 // (G, 1)
        return log_first + column;
    }

    // Σ_g KL(p̂ ‖ q̂) over the matched ids, each side renormalised over them.
    private static Tensor MatchedKl(Tensor log_q, Tensor log_p, Tensor matchedS, Tensor matchedT)
    {
        if (matchedS.shape[0] == 0 || log_q.shape[0] == 0) return torch.zeros([], dtype: log_q.dtype, device: log_q.device);
        using var q_M = log_q.index_select(1, matchedS);                         // (G, K)
        using var p_M = log_p.index_select(1, matchedT);                         // (G, K)
        using var lse_q = q_M.logsumexp(1, keepdim: true);
        using var lse_p = p_M.logsumexp(1, keepdim: true);
        using var log_q_hat = q_M - lse_q;
        using var log_p_hat = p_M - lse_p;
        return LogSpace.KlSum(log_p_hat, log_q_hat);
    }

    // Σ_g ULD between the unmatched masses of both sides.
    private static Tensor UnmatchedUld(Tensor log_q, Tensor log_p, Tensor matchedS, Tensor matchedT)
    {
        using var q_U = Unmatched(log_q, matchedS);                               // (G, V_S − K)
        using var p_U = Unmatched(log_p, matchedT);                               // (G, V_T − K)
        if (q_U.shape[1] == 0 && p_U.shape[1] == 0) return torch.zeros([], dtype: log_q.dtype, device: log_q.device);
        return UldObjective.SortedL1(q_U, p_U);
    }

    // The probabilities of the columns not in `matched`, as (G, V − K).
    private static Tensor Unmatched(Tensor logProbs, Tensor matched)
    {
        using var keep = torch.ones(logProbs.shape[1], dtype: ScalarType.Bool, device: logProbs.device);
        keep.index_fill_(0, matched, false);                                       // in place: the same tensor
        using var nonzero = keep.nonzero();                                      // (V − K, 1)
        using var columns = nonzero.squeeze(1);                                  // (V − K)
        using var log_u = logProbs.index_select(1, columns);
        return log_u.exp();
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        throw new InvalidOperationException($"Objective '{Kind}' compares each model's own tokens: it needs a batch with a token alignment.");
}
