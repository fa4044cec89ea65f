using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A step's loss: <see cref="Total"/> to call <c>backward()</c> on (it lives in the caller's dispose scope),
/// and plain numbers for logging, read from the device in one transfer.
/// </summary>
public sealed record LossResult(Tensor Total, double TotalValue, IReadOnlyList<TermValue> Terms)
{
    /// <summary>Kinds whose value is NaN or infinite (empty when the loss is finite).</summary>
    public IReadOnlyList<string> NonFiniteTerms =>
        [.. Terms.Where(t => !double.IsFinite(t.Value)).Select(t => t.Kind)];

    public bool IsFinite => double.IsFinite(TotalValue) && Terms.All(t => double.IsFinite(t.Value));
}
