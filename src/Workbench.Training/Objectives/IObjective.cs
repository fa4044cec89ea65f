using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>One token-level term of a run's loss (objectives.md §0: causal alignment, mask, token_mean).</summary>
public interface IObjective
{
    /// <summary>The <see cref="Workbench.Experiments.ObjectiveKinds"/> name, e.g. "forward_kl".</summary>
    string Kind { get; }

    bool NeedsTeacher { get; }

    /// <summary>
    /// The unweighted term as a scalar tensor. Logits are (B, T, V) and already aligned with
    /// <paramref name="labels"/> (B, T): the logits at t are scored against <c>labels[:, t]</c>, and positions
    /// with label −100 are ignored. <paramref name="teacherLogits"/> is required when <see cref="NeedsTeacher"/>.
    /// </summary>
    Tensor Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels);
}
