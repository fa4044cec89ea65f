using TorchSharp.Modules;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>Base of the feature terms: always needs a teacher, owns nothing unless a subclass says so.</summary>
public abstract class FeatureObjective : IFeatureObjective
{
    public abstract string Kind { get; }
    public bool NeedsTeacher => true;
    public abstract FeatureRequest Features { get; }

    public abstract Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens);

    public virtual IEnumerable<Parameter> parameters() => [];

    public virtual void to(Device device)
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        throw new InvalidOperationException($"Objective '{Kind}' compares features: compute it from both models' FeatureCapture.");

    /// <summary>fp32 (fp64 stays fp64, for the gradient checks), as objectives.md §0 asks before any softmax or norm.</summary>
    protected static Tensor Float(Tensor x) => x.to(x.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
}
