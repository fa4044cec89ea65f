using Workbench.Experiments;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A run's loss as a weighted sum of terms (objectives.md §0, Composition): <c>L_total = Σ_i w_i · L_i</c>, weights
/// not normalised. Each term is also returned unweighted for logging, as TextBrewer and DistillKit log them.
/// </summary>
public sealed class DistillationLoss
{
    private readonly (IObjective Objective, double Weight)[] _terms;

    public DistillationLoss(IReadOnlyList<ObjectiveTerm> terms)
        : this(terms.Select(t => (ObjectiveFactory.Create(t), t.Weight)))
    {
    }

    public DistillationLoss(IEnumerable<(IObjective Objective, double Weight)> terms)
    {
        _terms = [.. terms];
        if (_terms.Length == 0) throw new ArgumentException("A loss needs at least one term.", nameof(terms));
        foreach (var (objective, weight) in _terms)
            if (!double.IsFinite(weight) || weight <= 0)
                throw new ArgumentException($"The weight of '{objective.Kind}' must be a positive number (got {weight}).", nameof(terms));
    }

    public IReadOnlyList<IObjective> Objectives => [.. _terms.Select(t => t.Objective)];
    public bool NeedsTeacher => _terms.Any(t => t.Objective.NeedsTeacher);

    /// <summary>
    /// Total and per-term values for student (and teacher) logits (B, T, V) against shifted labels (B, T).
    /// The returned <see cref="LossResult.Total"/> belongs to the caller's dispose scope.
    /// </summary>
    public LossResult Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels)
    {
        if (NeedsTeacher && teacherLogits is null)
            throw new ArgumentException($"Objective '{_terms.First(t => t.Objective.NeedsTeacher).Objective.Kind}' needs teacher logits.", nameof(teacherLogits));

        var values = new Tensor[_terms.Length];
        Tensor? total = null;
        for (var i = 0; i < _terms.Length; i++)
        {
            var (objective, weight) = _terms[i];
            values[i] = objective.Compute(studentLogits, teacherLogits, labels);
            var weighted = values[i] * weight;
            if (total is null) total = weighted;
            else
            {
                var sum = total + weighted;
                total.Dispose();
                weighted.Dispose();
                total = sum;
            }
        }

        // One device-to-host copy for every number we log (the total first, then the terms).
        Tensor[] detached = [total!.detach(), .. values.Select(v => v.detach())];
        using var stacked = stack(detached);
        using var host = stacked.to(ScalarType.Float64, CPU);
        var numbers = host.data<double>().ToArray();
        foreach (var t in detached.Concat(values)) t.Dispose();
        var terms = _terms.Select((t, i) => new TermValue(t.Objective.Kind, t.Weight, numbers[i + 1])).ToArray();
        return new LossResult(total, numbers[0], terms);
    }
}
