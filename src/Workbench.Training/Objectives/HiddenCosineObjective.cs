using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Hidden-state cosine distance with a learned projection (objectives.md §5.1; DistillKit, DistilBERT's cosine loss,
/// Sanh et al. 2019, arXiv:1910.01108): per pair <c>Σ_{b,t} m·(1 − cos(W·h_S, h_T)) / Σ m</c>, then the mean over
/// pairs. Invariant to positive rescaling of either side; in [0, 2].
/// </summary>
public sealed class HiddenCosineObjective(ModelShape student, ModelShape teacher, IReadOnlyList<LayerPair> pairs)
    : HiddenStateObjective(student, teacher, pairs)
{
    public override string Kind => ObjectiveKinds.HiddenCosine;

    protected override Tensor Sum(Tensor projectedStudent, Tensor teacher)
    {
        using var cos = cosine_similarity(projectedStudent, teacher, 1, 1e-8);   // (N)
        using var distance = 1 - cos;
        return distance.sum();
    }
}
