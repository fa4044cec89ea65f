using TorchSharp.Modules;
using Workbench.Experiments;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A run's loss as a weighted sum of terms (objectives.md §0, Composition): <c>L_total = Σ_i w_i · L_i</c>, weights
/// not normalised. Each term is also returned unweighted for logging, as TextBrewer and DistillKit log them.
/// Feature terms (<see cref="IFeatureObjective"/>) read both models' <see cref="FeatureCapture"/>s and may own
/// parameters (projections), which <see cref="parameters"/> hands to the optimizer; disposing frees them.
/// </summary>
public sealed class DistillationLoss : IDisposable
{
    private readonly (IObjective Objective, double Weight)[] _terms;

    /// <param name="terms">The run's terms.</param>
    /// <param name="student">The student's shape; required by feature terms.</param>
    /// <param name="teacher">The teacher's shape; required by feature terms.</param>
    public DistillationLoss(IReadOnlyList<ObjectiveTerm> terms, ModelShape? student = null, ModelShape? teacher = null)
        : this(terms.Select(t => (ObjectiveFactory.Create(t, student, teacher), t.Weight)))
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

    private IEnumerable<IFeatureObjective> FeatureTerms => _terms.Select(t => t.Objective).OfType<IFeatureObjective>();

    /// <summary>What both models must capture for the feature terms; <see cref="FeatureRequest.None"/> when there are none.</summary>
    public FeatureRequest Features => FeatureTerms.Aggregate(FeatureRequest.None, (request, term) => request.Union(term.Features));

    /// <summary>Parameters owned by the terms (learned projections), to be trained with the student.</summary>
    public IEnumerable<Parameter> parameters() => FeatureTerms.SelectMany(term => term.parameters());

    /// <summary>Moves the terms' parameters and buffers to <paramref name="device"/>.</summary>
    public void to(Device device)
    {
        foreach (var term in FeatureTerms) term.to(device);
    }

    public void Dispose()
    {
        foreach (var term in FeatureTerms) term.Dispose();
    }

    /// <summary>
    /// Total and per-term values for student (and teacher) logits (B, T, V) against shifted labels (B, T).
    /// The returned <see cref="LossResult.Total"/> belongs to the caller's dispose scope. Feature terms need
    /// <see cref="Compute(FeatureCapture, FeatureCapture?, Tensor, Tensor)"/>.
    /// </summary>
    public LossResult Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) => Compute(studentLogits, teacherLogits, labels, null);

    /// <summary>
    /// As <see cref="Compute(Tensor, Tensor?, Tensor)"/>, when the teacher read its own tokenization of the batch: cross-tokenizer
    /// terms (<see cref="ICrossTokenizerObjective"/>) compare <paramref name="teacherLogits"/> (B, T_T, V_T) with the student's
    /// through <paramref name="alignment"/>; the other terms need the teacher's logits shaped like the student's (same tokenizer).
    /// </summary>
    public LossResult Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels, TokenAlignment? alignment)
    {
        if (NeedsTeacher && teacherLogits is null)
            throw new ArgumentException($"Objective '{_terms.First(t => t.Objective.NeedsTeacher).Objective.Kind}' needs teacher logits.", nameof(teacherLogits));
        return Compute(objective => objective is ICrossTokenizerObjective aligned
            ? aligned.Compute(studentLogits, teacherLogits!, alignment ?? throw new ArgumentException($"Objective '{objective.Kind}' needs a token alignment.", nameof(alignment)))
            : objective.Compute(studentLogits, teacherLogits, labels));
    }

    /// <summary>Whether a term compares the models over their own tokenizations, so batches must carry the teacher's and an alignment.</summary>
    public bool ReadsAlignedLogits => _terms.Any(t => t.Objective is ICrossTokenizerObjective);

    /// <summary>
    /// Total and per-term values when the teacher is a top-k cache instead of a live model: each <see cref="TopKKlObjective"/>
    /// reads the batch's cached top-k from <paramref name="teacherTopK"/> (and disposes it); the other terms must not need a teacher.
    /// The returned <see cref="LossResult.Total"/> belongs to the caller's dispose scope.
    /// </summary>
    public LossResult ComputeWithTeacherTopK(Tensor studentLogits, Func<TopKKlObjective, TeacherTopK> teacherTopK, Tensor labels) =>
        Compute(objective =>
        {
            if (objective is not TopKKlObjective topK)
                return objective.NeedsTeacher
                    ? throw new InvalidOperationException($"Objective '{objective.Kind}' needs a live teacher; only '{ObjectiveKinds.TopKKl}' reads a top-k cache.")
                    : objective.Compute(studentLogits, null, labels);
            using var teacher = teacherTopK(topK);
            return topK.Compute(studentLogits, teacher, labels);
        });

    /// <summary>
    /// True when a teacher-logit store can replace the teacher: some term needs a teacher and every such term reads the store
    /// (<see cref="IStoreObjective"/>, the kinds whose descriptor has <see cref="ObjectiveDescriptor.FromStore"/>).
    /// </summary>
    public bool TeacherIsStoreReadable => NeedsTeacher && _terms.All(t => !t.Objective.NeedsTeacher || t.Objective is IStoreObjective);

    /// <summary>
    /// Total and per-term values when the teacher is a teacher-logit store: each <see cref="IStoreObjective"/> reads the batch's rows
    /// at its <see cref="IStoreObjective.StoreTemperature"/> from <paramref name="teacherRows"/> (and disposes them); the other terms
    /// must not need a teacher. The returned <see cref="LossResult.Total"/> belongs to the caller's dispose scope.
    /// </summary>
    public LossResult ComputeWithTeacherStore(Tensor studentLogits, Func<IStoreObjective, TeacherTopK> teacherRows, Tensor labels) =>
        Compute(objective =>
        {
            if (objective is not IStoreObjective stored)
                return objective.NeedsTeacher
                    ? throw new InvalidOperationException($"Objective '{objective.Kind}' needs a live teacher; it cannot read a teacher-logit store.")
                    : objective.Compute(studentLogits, null, labels);
            using var teacher = teacherRows(stored);
            return stored.ComputeFromStore(studentLogits, teacher, labels);
        });

    /// <summary>True when every term that needs a teacher is <c>top_k_kl</c> (and there is one), so a top-k cache can replace the teacher.</summary>
    public bool TeacherIsTopKOnly => NeedsTeacher && _terms.All(t => !t.Objective.NeedsTeacher || t.Objective is TopKKlObjective);

    /// <summary>
    /// True when every term is a token mean over the models' logits alone (no features, no second tokenization, no top-k
    /// cache), so <see cref="ComputeChunked"/> can compute it a chunk of rows at a time.
    /// </summary>
    public bool CanChunk => _terms.All(t => ChunkedLogitLoss.Supports(t.Objective));

    /// <summary>
    /// <see cref="Compute(Tensor, Tensor?, Tensor)"/> from the models' last hidden states (B, T, C) instead of their logits:
    /// the heads run <paramref name="chunkRows"/> target rows at a time (<see cref="ChunkedLogitLoss"/>), so no (B, T, V)
    /// tensor is held. Same value and gradients; requires <see cref="CanChunk"/>. The returned
    /// <see cref="LossResult.Total"/> belongs to the caller's dispose scope.
    /// </summary>
    public LossResult ComputeChunked(ISplitHead student, Tensor studentHidden, ISplitHead? teacher, Tensor? teacherHidden, Tensor labels, long chunkRows)
    {
        if (!CanChunk) throw new InvalidOperationException($"Only token-mean logit terms can be chunked; this loss has '{_terms.First(t => !ChunkedLogitLoss.Supports(t.Objective)).Objective.Kind}'.");
        if (NeedsTeacher && (teacher is null || teacherHidden is null))
            throw new ArgumentException($"Objective '{_terms.First(t => t.Objective.NeedsTeacher).Objective.Kind}' needs the teacher's hidden states.", nameof(teacherHidden));
        TargetRows.CheckShapes(studentHidden, labels, "Student hidden states");
        var (total, values) = ChunkedLogitLoss.Compute(_terms, student, studentHidden, NeedsTeacher ? teacher : null, NeedsTeacher ? teacherHidden : null, labels, chunkRows);
        return Result(total, values);
    }

    /// <summary>
    /// Total and per-term values from both models' captures (<see cref="Features"/> requested from each): logit terms
    /// read the captures' logits, feature terms their features. <paramref name="realTokens"/> (B, T) bool marks the
    /// non-padding positions. The returned <see cref="LossResult.Total"/> belongs to the caller's dispose scope.
    /// </summary>
    public LossResult Compute(FeatureCapture student, FeatureCapture? teacher, Tensor labels, Tensor realTokens)
    {
        if (NeedsTeacher && teacher is null)
            throw new ArgumentException($"Objective '{_terms.First(t => t.Objective.NeedsTeacher).Objective.Kind}' needs the teacher's outputs.", nameof(teacher));
        return Compute(objective => objective is IFeatureObjective feature
            ? feature.Compute(student, teacher!, labels, realTokens)
            : objective.Compute(student.Logits, teacher?.Logits, labels));
    }

    private LossResult Compute(Func<IObjective, Tensor> compute)
    {
        var values = new Tensor[_terms.Length];
        Tensor? total = null;
        for (var i = 0; i < _terms.Length; i++)
        {
            var (objective, weight) = _terms[i];
            values[i] = compute(objective);
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

        return Result(total!, values);
    }

    // One device-to-host copy for every number we log (the total first, then the terms); the values are disposed.
    private LossResult Result(Tensor total, Tensor[] values)
    {
        Tensor[] detached = [total.detach().to(ScalarType.Float64), .. values.Select(v => v.detach().to(ScalarType.Float64))];
        using var stacked = stack(detached);
        using var host = stacked.to(ScalarType.Float64, CPU);
        var numbers = host.data<double>().ToArray();
        foreach (var t in detached.Concat(values)) t.Dispose();
        var terms = _terms.Select((t, i) => new TermValue(t.Objective.Kind, t.Weight, numbers[i + 1])).ToArray();
        return new LossResult(total, numbers[0], terms);
    }
}
