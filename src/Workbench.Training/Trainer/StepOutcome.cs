using Workbench.Training.Objectives;

namespace Workbench.Training.Trainer;

/// <summary>
/// What one optimizer step hands the loop, as plain numbers: the total and each term (logged as train/&lt;kind&gt;), the tokens it
/// trained on, and any further per-step metrics (LeaF's L_kd and L_cd).
/// </summary>
public sealed record StepOutcome(double Total, IReadOnlyList<TermValue> Terms, long Tokens)
{
    public IReadOnlyList<(string Name, double Value)> Extra { get; init; } = [];

    /// <summary>Kinds whose value is NaN or infinite.</summary>
    public IReadOnlyList<string> NonFiniteTerms => [.. Terms.Where(t => !double.IsFinite(t.Value)).Select(t => t.Kind)];

    public bool IsFinite => double.IsFinite(Total) && Terms.All(t => double.IsFinite(t.Value));

    /// <summary>The run's failure at <paramref name="step"/>: the terms that went non-finite (or "total"), NaN or infinite.</summary>
    public TrainingDivergedException Diverged(int step)
    {
        var terms = NonFiniteTerms;
        var isNaN = double.IsNaN(Total) || Terms.Any(t => double.IsNaN(t.Value));
        return new TrainingDivergedException(step, terms.Count > 0 ? terms : ["total"], isNaN);
    }
}
