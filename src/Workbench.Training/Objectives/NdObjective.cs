using TorchSharp;
using TorchSharp.Modules;
using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// ND loss, feature norm and direction (objectives.md §5.2; Wang et al., ECCV 2024, arXiv:2305.17007), in its LM
/// adaptation: classes are the target tokens y, features the final hidden states (B, T, d) at the supervised
/// positions, f_S = W·h_S (a <see cref="FeatureProjection"/> when d_S ≠ d_T) and f_T = h_T:
/// <c>L_ND = (1/Σm) Σ_i [1 − ⟨f_S,i, e_{y_i}⟩ / max(‖f_S,i‖, ‖f_T,i‖)]</c>, e_y = c_y/‖c_y‖ the direction of the teacher's
/// class mean. It pulls the student's direction toward the class mean and its norm up to at least the teacher's.
/// Always ≥ 0, since ⟨f_S, e⟩ ≤ ‖f_S‖.
/// </summary>
/// <remarks>
/// [wb] The paper precomputes c_y over the training set before training. Here c_y accumulates online: each call first
/// adds the batch's teacher features to a (V, d_T) table of per-token sums (a sum has the mean's direction), so every
/// target in the batch has a mean and the unembedding fallback of the spec is never needed. The table grows
/// steadier as training sees more of the data; it costs V·d_T floats.
/// </remarks>
public sealed class NdObjective : FeatureObjective
{
    private const double Eps = 1e-12;
    private readonly FeatureProjection? _projection;
    private readonly int _vocabSize;
    private Tensor? _classSums;   // (V, d_T): Σ of the teacher's final features per target token, outside any dispose scope

    public NdObjective(ModelShape student, ModelShape teacher)
    {
        _vocabSize = teacher.VocabSize;
        _projection = student.Width == teacher.Width ? null : new FeatureProjection(student.Width, teacher.Width);
    }

    public override string Kind => ObjectiveKinds.Nd;
    public override FeatureRequest Features { get; } = new(HiddenStates: true);
    public bool Projects => _projection is not null;

    public override IEnumerable<Parameter> parameters() => _projection?.parameters() ?? [];

    public override void to(Device device)
    {
        _projection?.to(device);
        if (_classSums is not null && _classSums.device != device) ReplaceSums(_classSums.to(device));
    }

    /// <summary>Converts the projection's weights (fp64 for the gradient checks).</summary>
    internal void to(ScalarType dtype) => _projection?.to(dtype);

    public override void Dispose()
    {
        _projection?.Dispose();
        _classSums?.Dispose();
        base.Dispose();
    }

    public override Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens)
    {
        using var mask = TargetRows.Mask(labels);                                         // (B, T)
        using var y = labels.index([mask]);                                               // (N)
        using var h_S = Float(student.HiddenStates[^1].index([mask]));                    // (N, d_S)
        using var f_T = Float(teacher.HiddenStates[^1].index([mask])).detach();           // (N, d_T)
        using var f_S = _projection is null ? h_S.alias() : _projection.call(h_S);        // (N, d_T)
        AddToClassSums(y, f_T);

        using var c = _classSums!.index_select(0, y);                                     // (N, d_T)
        using var c_norm = c.norm(1, keepdim: true).clamp_min(Eps);
        using var e = c / c_norm;                                                         // e_y, unit length
        using var dot = (f_S * e).sum(1);                                                 // (N)
        using var s_norm = f_S.norm(1);
        using var t_norm = f_T.norm(1);
        using var larger = maximum(s_norm, t_norm).clamp_min(Eps);
        using var ratio = dot / larger;
        using var loss = 1 - ratio;
        using var total = loss.sum();
        return total / Math.Max(1L, y.shape[0]);
    }

    private void AddToClassSums(Tensor y, Tensor f_T)
    {
        using var _ = no_grad();
        if (_classSums is null || _classSums.dtype != f_T.dtype)
            ReplaceSums(zeros(_vocabSize, f_T.shape[1], dtype: f_T.dtype, device: f_T.device));
        _classSums!.index_add_(0, y, f_T, 1);
    }

    private void ReplaceSums(Tensor sums)
    {
        _classSums?.Dispose();
        _classSums = sums.DetachFromDisposeScope();   // lives as long as the objective, not the step
    }
}
