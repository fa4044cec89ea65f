using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Attention-distribution transfer (objectives.md §4.3, MiniLM v1, Wang et al. 2020, arXiv:2002.10957; §4.2 for
/// head mismatch): for each mapped pair (m, n), <c>L = (1/(h·|x|)) Σ_a Σ_t KL(A_T[n,a,t] ‖ A_S[m,a,t])</c> over the
/// attention probabilities (B, h, T, T), query rows t = the real (non-padding) tokens; keys are already limited to
/// ≤ t by causality. Pairs are averaged. Heads: per head when h_S = h_T; when h_T is a multiple of h_S, teacher heads
/// are averaged in groups of h_T/h_S ([wb] <c>group_mean</c>); otherwise both sides average all heads first (TextBrewer
/// <c>attn_ce_mean</c> style). Averaged rows are still distributions, so the KL stays ≥ 0.
/// </summary>
public sealed class AttentionTransferObjective : FeatureObjective
{
    public AttentionTransferObjective(ModelShape student, ModelShape teacher, IReadOnlyList<LayerPair> pairs)
    {
        if (pairs.Count == 0) throw new ArgumentException("Attention transfer needs at least one layer pair.", nameof(pairs));
        if (pairs.Any(p => p.Student < 1 || p.Student > student.Layers || p.Teacher < 1 || p.Teacher > teacher.Layers))
            throw new ArgumentException($"Layer pairs must be blocks 1..{student.Layers} (student) and 1..{teacher.Layers} (teacher).", nameof(pairs));
        Pairs = pairs;
    }

    public override string Kind => ObjectiveKinds.AttentionTransfer;
    public override FeatureRequest Features { get; } = new(Attention: true);
    public IReadOnlyList<LayerPair> Pairs { get; }

    /// <summary>How teacher heads meet student heads: "per head", "teacher heads averaged in groups of g" or "all heads averaged".</summary>
    public static string HeadMatching(int studentHeads, int teacherHeads) =>
        studentHeads == teacherHeads ? "per head"
        : teacherHeads % studentHeads == 0 ? $"teacher heads averaged in groups of {teacherHeads / studentHeads}"
        : "all heads averaged on both sides";

    public override Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens)
    {
        Tensor? total = null;
        foreach (var pair in Pairs)
        {
            using var scope = NewDisposeScope();
            var (q, p) = MatchHeads(Float(student.Attentions[pair.Student - 1]), Float(teacher.Attentions[pair.Teacher - 1]));
            var kl = AttentionRows.MeanKl(p, q, realTokens);
            total = (total is null ? kl : total + kl).MoveToOuterDisposeScope();
        }
        using var sum = total!;
        return sum / Pairs.Count;
    }

    // (B, h_S, T, T), (B, h_T, T, T) -> two maps with the same head count
    private (Tensor Student, Tensor Teacher) MatchHeads(Tensor q, Tensor p)
    {
        var (hS, hT) = (q.shape[1], p.shape[1]);
        if (hS == hT) return (q, p);
        var (B, T) = (p.shape[0], p.shape[2]);
        if (hT % hS == 0) return (q, p.view(B, hS, hT / hS, T, T).mean([2]));
        return (q.mean([1], keepdim: true), p.mean([1], keepdim: true));
    }
}
