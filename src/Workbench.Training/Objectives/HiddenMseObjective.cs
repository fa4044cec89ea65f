using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Hidden-state MSE with a learned projection (objectives.md §5.1; TextBrewer <c>hidden_mse</c>, DistillKit
/// <c>hs_mse</c>; TinyBERT, Jiao et al. 2019, arXiv:1909.10351): per pair
/// <c>Σ_{b,t} m·‖W·h_S − h_T‖² / (Σ m · d_T)</c> over hidden states (B, T, d), then the mean over pairs.
/// </summary>
public sealed class HiddenMseObjective(ModelShape student, ModelShape teacher, IReadOnlyList<LayerPair> pairs)
    : HiddenStateObjective(student, teacher, pairs)
{
    public override string Kind => ObjectiveKinds.HiddenMse;

    protected override Tensor Sum(Tensor projectedStudent, Tensor teacher)
    {
        using var diff = projectedStudent - teacher;                  // (N, d_T)
        using var squares = diff.square();
        using var total = squares.sum();
        return total / teacher.shape[1];
    }
}
