using Workbench.Experiments.Evaluation;

namespace Workbench.Storage;

/// <summary>One evaluation set's predictions at one step, filtered, with the count of samples passing each filter.</summary>
/// <param name="Steps">Every step with student answers, ascending (what the step slider offers).</param>
/// <param name="Step">The step shown.</param>
/// <param name="Counts">Samples passing each <see cref="PredictionFilters"/> filter at <paramref name="Step"/>.</param>
public sealed record PredictionsPage(string Set, IReadOnlyList<long> Steps, long Step, string Filter,
                                     IReadOnlyDictionary<string, int> Counts, IReadOnlyList<PredictionRow> Rows);
