using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Value-relation transfer (objectives.md §4.3, MiniLM v1; §4.4 MiniLMv2 for the heads): per mapped pair, each
/// model's values (B, h, T, d_k) are put side by side (B, T, h·d_k) and re-split into A_r relation heads of width
/// d_r = h·d_k/A_r, <c>VR = softmax(V_r V_rᵀ/√d_r)</c> (B, A_r, T, T), and
/// <c>L = (1/(A_r·|x|)) Σ_a Σ_t KL(VR_T[a,t] ‖ VR_S[a,t])</c> over the real query rows; pairs are averaged.
/// With A_r = h_S = h_T the re-split gives back each head, which is MiniLM v1 exactly. [wb] A_r defaults to
/// gcd(h_S, h_T) so differing head counts need no setting, and the relation is causal (keys ≤ query), as the
/// attention it mirrors is in a decoder; that also keeps padding out of every real row.
/// </summary>
public sealed class ValueRelationObjective : FeatureObjective
{
    public ValueRelationObjective(ModelShape student, ModelShape teacher, IReadOnlyList<LayerPair> pairs, int? relationHeads = null)
    {
        if (pairs.Count == 0) throw new ArgumentException("Value relation needs at least one layer pair.", nameof(pairs));
        if (pairs.Any(p => p.Student < 1 || p.Student > student.Layers || p.Teacher < 1 || p.Teacher > teacher.Layers))
            throw new ArgumentException($"Layer pairs must be blocks 1..{student.Layers} (student) and 1..{teacher.Layers} (teacher).", nameof(pairs));
        var heads = relationHeads ?? DefaultRelationHeads(student, teacher);
        if (CheckRelationHeads(heads, student, teacher) is { } error) throw new ArgumentException(error, nameof(relationHeads));
        Pairs = pairs;
        RelationHeads = heads;
    }

    public override string Kind => ObjectiveKinds.ValueRelation;
    public override FeatureRequest Features { get; } = new(Values: true);
    public IReadOnlyList<LayerPair> Pairs { get; }
    public int RelationHeads { get; }

    /// <summary>gcd(h_S, h_T): divides both value widths, and is h itself when the head counts agree.</summary>
    public static int DefaultRelationHeads(ModelShape student, ModelShape teacher)
    {
        int a = student.Heads, b = teacher.Heads;
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>Null when <paramref name="heads"/> divides both models' value widths, else why not.</summary>
    public static string? CheckRelationHeads(int heads, ModelShape student, ModelShape teacher) =>
        heads < 1 ? $"Relation heads must be at least 1 (got {heads})."
        : student.ValueWidth % heads != 0 || teacher.ValueWidth % heads != 0
            ? $"Relation heads ({heads}) must divide the student's value width ({student.ValueWidth}) and the teacher's ({teacher.ValueWidth})."
            : null;

    public override Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens)
    {
        using var hidden = student.Packing?.Hidden();                                          // packed rows: (B, 1, T, T), keys of other samples
        Tensor? total = null;
        foreach (var pair in Pairs)
        {
            using var scope = NewDisposeScope();
            var q = Relation(Float(student.Values[pair.Student - 1]), hidden);               // (B, A_r, T, T)
            var p = Relation(Float(teacher.Values[pair.Teacher - 1]), hidden);               // (B, A_r, T, T)
            var kl = AttentionRows.MeanKl(p, q, realTokens);
            total = (total is null ? kl : total + kl).MoveToOuterDisposeScope();
        }
        using var sum = total!;
        return sum / Pairs.Count;
    }

    // values (B, h, T, d_k) -> relations (B, A_r, T, T)
    private Tensor Relation(Tensor values, Tensor? hidden)
    {
        var (B, h, T, dk) = (values.shape[0], values.shape[1], values.shape[2], values.shape[3]);
        using var sideBySide = values.transpose(1, 2).reshape(B, T, h * dk);                   // (B, T, h·d_k)
        return AttentionRows.CausalRelation(sideBySide, RelationHeads, hidden);
    }
}
