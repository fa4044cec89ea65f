using TorchSharp.Modules;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A term that compares intermediate features of student and teacher (objectives.md §4, §5) rather than logits
/// alone. It says which features it needs from both models, and may own trainable parameters (a projection from the
/// student's width to the teacher's) that train with the student but are not part of it.
/// </summary>
public interface IFeatureObjective : IObjective, IDisposable
{
    /// <summary>What both models' <see cref="ICausalLanguageModel.ForwardWithFeatures"/> must keep for this term.</summary>
    FeatureRequest Features { get; }

    /// <summary>Parameters owned by the term (empty when it has none); the trainer adds them to the student's optimizer.</summary>
    IEnumerable<Parameter> parameters();

    /// <summary>Moves owned parameters and buffers to <paramref name="device"/>.</summary>
    void to(Device device);

    /// <summary>
    /// The unweighted term as a scalar tensor. <paramref name="labels"/> (B, T) are the shifted targets (−100 = none);
    /// <paramref name="realTokens"/> (B, T) bool marks the positions that are not padding.
    /// </summary>
    Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens);
}
