using TorchSharp;
using TorchSharp.Modules;
using Workbench.Training.Data;
using Workbench.Training.Devices;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// One optimizer step over one or more micro-batches (gradient accumulation): teacher forward (no graph), student
/// forward, loss, backward per micro-batch, then gradient clipping and AdamW once. When the loss has feature terms both
/// forwards capture the features it asks for (<see cref="DistillationLoss.Features"/>); otherwise both are plain calls.
/// The loss's own parameters (projections) are clipped and stepped with the student's. The forwards and the loss run under
/// the run's autocast (<see cref="DeviceSelector.Autocast"/>: bf16 on CUDA, and on CPU when asked); backward runs outside it.
/// Run it inside the caller's per-step dispose scope; it returns only plain numbers.
/// </summary>
public sealed class TrainingStep
{
    public const double GradientClip = 1.0;

    private readonly ICausalLanguageModel _student;
    private readonly ICausalLanguageModel? _teacher;
    private readonly DistillationLoss _loss;
    private readonly AdamW _optimizer;
    private readonly Parameter[] _parameters;
    private readonly double _gradClip;
    private readonly long? _padId;
    private readonly TeacherTopKCaches? _teacherTopK;
    private readonly long _logitChunkRows;
    private readonly TeacherStore.TeacherLogitStores? _teacherStore;
    private readonly string? _precision;

    /// <param name="gradClip">Maximum global gradient norm; 0 turns clipping off.</param>
    /// <param name="padId">The padding token, so feature terms skip padded positions; null treats every position as real.</param>
    /// <param name="teacherTopK">Top-k caches that stand in for the teacher (then null) when the loss's only teacher terms are top_k_kl; batches must carry their indices.</param>
    /// <param name="logitChunkRows">
    /// Target rows per chunk of the chunked logit loss (<see cref="DistillationLoss.ComputeChunked"/>), used whenever the loss
    /// and both models allow it; null picks about 8 MB of logits per chunk; 0 turns chunking off (full (B, T, V) logits).
    /// </param>
    /// <param name="precision">The forwards' and the loss's arithmetic (<see cref="Experiments.Precisions"/>); null = auto.</param>
    public TrainingStep(ICausalLanguageModel student, ICausalLanguageModel? teacher, DistillationLoss loss, AdamW optimizer,
                        double gradClip = GradientClip, long? padId = null, TeacherTopKCaches? teacherTopK = null,
                        TeacherStore.TeacherLogitStores? teacherStore = null, long? logitChunkRows = null, string? precision = null)
    {
        DeviceSelector.AutocastType(CPU, precision);   // an unknown precision throws here rather than at the first step
        if (logitChunkRows < 0) throw new ArgumentOutOfRangeException(nameof(logitChunkRows), logitChunkRows, "Rows per logit chunk must be 0 (off) or positive.");
        if (loss.NeedsTeacher && teacher is null && teacherTopK is null && teacherStore is null) throw new ArgumentException("The loss needs a teacher.", nameof(teacher));
        if (!double.IsFinite(gradClip) || gradClip < 0) throw new ArgumentOutOfRangeException(nameof(gradClip), gradClip, "The gradient clip must be 0 (off) or positive.");
        _student = student;
        _teacher = teacher;
        _loss = loss;
        _optimizer = optimizer;
        _parameters = [.. student.parameters(), .. loss.parameters()];
        _gradClip = gradClip;
        _padId = padId;
        _teacherTopK = teacherTopK;
        _logitChunkRows = logitChunkRows ?? ChunkedLogitLoss.DefaultRows(student.VocabSize);
        _teacherStore = teacherStore;
        _precision = precision;
    }

    /// <summary>
    /// AdamW with weight decay on matrices (embeddings and linear weights) only, as nanoGPT's
    /// <c>configure_optimizers</c>; biases and LayerNorm gains are not decayed. <paramref name="lossParameters"/>
    /// (a <see cref="DistillationLoss"/>'s projections) train alongside under the same rules.
    /// </summary>
    public static AdamW CreateOptimizer(ICausalLanguageModel model, double learningRate, double weightDecay = 0.01,
                                        IEnumerable<Parameter>? lossParameters = null)
    {
        Parameter[] parameters = [.. model.parameters(), .. lossParameters ?? []];
        var decay = parameters.Where(p => p.dim() >= 2).ToArray();
        var noDecay = parameters.Where(p => p.dim() < 2).ToArray();
        return optim.AdamW(
        [
            new AdamW.ParamGroup(decay, new AdamW.Options { LearningRate = learningRate, weight_decay = weightDecay }),
            new AdamW.ParamGroup(noDecay, new AdamW.Options { LearningRate = learningRate, weight_decay = 0 }),
        ], lr: learningRate, beta1: 0.9, beta2: 0.99);
    }

    /// <summary>
    /// Trains on <paramref name="batch"/> at <paramref name="learningRate"/>. When the loss is not finite the
    /// weights are left untouched and the result says so (<see cref="LossResult.IsFinite"/>).
    /// </summary>
    public LossResult Run(Batch batch, double learningRate) => Run([batch], learningRate);

    /// <summary>
    /// One optimizer step over the micro-batches of an accumulation window. The loss is the global token mean of
    /// the window (objectives.md §0, <c>token_mean_global</c>): each micro-batch's token mean is weighted by its
    /// share of the window's supervised tokens, so Σ_i n_i·mean_i / Σ_i n_i = Σ token losses / Σ tokens. The
    /// returned numbers are the same weighted means. When any micro-batch's loss is not finite the weights are
    /// left untouched and that micro-batch's result is returned.
    /// </summary>
    public LossResult Run(IReadOnlyList<Batch> microBatches, double learningRate)
    {
        if (microBatches.Count == 0) throw new ArgumentException("A step needs at least one micro-batch.", nameof(microBatches));
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        var windowTargets = Math.Max(1, microBatches.Sum(b => (long)b.TargetCount));

        _optimizer.zero_grad();
        double total = 0;
        double[] terms = [];
        TermValue[] kinds = [];
        foreach (var batch in microBatches)
        {
            using var scope = NewDisposeScope();                  // each micro-batch's graph and logits are freed here
            var weight = microBatches.Count == 1 ? 1.0 : (double)batch.TargetCount / windowTargets;
            LossResult result;
            using (DeviceSelector.Autocast(batch.InputIds.device, _precision)) result = Loss(batch);
            if (!result.IsFinite)
            {
                _optimizer.zero_grad();
                return result with { Total = result.Total.detach().MoveToOuterDisposeScope() };
            }
            (weight == 1.0 ? result.Total : result.Total * weight).backward();
            total += weight * result.TotalValue;
            if (terms.Length == 0) { terms = new double[result.Terms.Count]; kinds = [.. result.Terms]; }
            for (var i = 0; i < terms.Length; i++) terms[i] += weight * result.Terms[i].Value;
        }

        if (_gradClip > 0) nn.utils.clip_grad_norm_(_parameters, _gradClip);
        _optimizer.step();
        return new LossResult(tensor(total), total, [.. kinds.Select((t, i) => t with { Value = terms[i] })]);
    }

    private LossResult Loss(Batch batch)
    {
        // Packed rows: both models take positions from the layout and attend within each sample only.
        using var studentPacking = PackedForward.Attach(_student, batch.Packing);
        using var teacherPacking = PackedForward.Attach(_teacher, batch.Packing);
        if (_teacherStore is { } store)   // every logit term reads the stored teacher rows: no teacher forward
            return _loss.ComputeWithTeacherStore(_student.call(batch.InputIds), term => store.Read(batch, term), batch.Labels);
        if (_teacherTopK is { } cache)   // the teacher's top-k come from disk: no teacher forward
            return _loss.ComputeWithTeacherTopK(_student.call(batch.InputIds), term => cache.Read(batch, term), batch.Labels);
        if (batch.Teacher is { } aligned)   // cross-tokenizer terms: the teacher reads its own tokens of the same problems
        {
            var ownTeacherLogits = _teacher is null ? null : TeacherLogits(aligned.InputIds);   // (B, T_T, V_T)
            return _loss.Compute(_student.call(batch.InputIds), ownTeacherLogits, batch.Labels, aligned.Alignment);
        }
        var features = _loss.Features;
        if (!features.Any && ChunkedHeads() is var (studentHead, teacherHead))
        {
            // Neither model's (B, T, V) logits are ever whole: the loss runs the heads a chunk of rows at a time.
            using var teacherHidden = teacherHead is null ? null : TeacherHidden(teacherHead, batch.InputIds);   // (B, T, C_T)
            using var studentHidden = studentHead.ForwardHidden(batch.InputIds);                                // (B, T, C_S)
            return _loss.ComputeChunked(studentHead, studentHidden, teacherHead, teacherHidden, batch.Labels, _logitChunkRows);
        }
        if (!features.Any)
        {
            // Cross-entropy alone never reads the teacher: it stays loaded for eval (agreement, KL) but costs no step time.
            var teacherLogits = _teacher is null || !_loss.NeedsTeacher ? null : TeacherLogits(batch.InputIds);   // (B, T, V)
            var logits = _student.call(batch.InputIds);                                        // (B, T, V)
            return _loss.Compute(logits, teacherLogits, batch.Labels);
        }
        var teacher = _teacher is null ? null : TeacherFeatures(batch.InputIds, features);
        var student = _student.ForwardWithFeatures(batch.InputIds, features);                  // with the graph
        var realTokens = _padId is { } pad ? batch.InputIds.ne(pad) : ones_like(batch.InputIds, dtype: ScalarType.Bool);   // (B, T)
        return _loss.Compute(student, teacher, batch.Labels, realTokens);
    }

    // The split heads for the chunked loss, when chunking is on, the loss allows it and the models (the teacher only if read) are split.
    private (ISplitHead Student, ISplitHead? Teacher)? ChunkedHeads()
    {
        if (_logitChunkRows == 0 || !_loss.CanChunk || _student is not ISplitHead student) return null;
        var readsTeacher = _teacher is not null && _loss.NeedsTeacher;
        if (!readsTeacher) return (student, null);
        return _teacher is ISplitHead teacher ? (student, teacher) : null;
    }

    // The teacher's trunk in its own scope and without a graph: only its last hidden state leaves it.
    private static Tensor TeacherHidden(ISplitHead teacher, Tensor inputIds)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return teacher.ForwardHidden(inputIds).MoveToOuterDisposeScope();
    }

    // The teacher's forward in its own scope and without a graph: only the logits leave it.
    private Tensor TeacherLogits(Tensor inputIds)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _teacher!.call(inputIds).MoveToOuterDisposeScope();
    }

    // Likewise for a feature capture: only the captured tensors leave the scope.
    private FeatureCapture TeacherFeatures(Tensor inputIds, FeatureRequest features)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _teacher!.ForwardWithFeatures(inputIds, features).MoveToOuterDisposeScope();
    }
}
