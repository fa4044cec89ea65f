using TorchSharp;
using TorchSharp.Modules;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// One optimizer step over one or more micro-batches (gradient accumulation): teacher forward (no graph), student
/// forward, loss, backward per micro-batch, then gradient clipping and AdamW once.
/// Run it inside the caller's per-step dispose scope; it returns only plain numbers.
/// </summary>
public sealed class TrainingStep
{
    public const double GradientClip = 1.0;

    private readonly Gpt _student;
    private readonly Gpt? _teacher;
    private readonly DistillationLoss _loss;
    private readonly AdamW _optimizer;
    private readonly Parameter[] _parameters;
    private readonly double _gradClip;

    /// <param name="gradClip">Maximum global gradient norm; 0 turns clipping off.</param>
    public TrainingStep(Gpt student, Gpt? teacher, DistillationLoss loss, AdamW optimizer, double gradClip = GradientClip)
    {
        if (loss.NeedsTeacher && teacher is null) throw new ArgumentException("The loss needs a teacher.", nameof(teacher));
        if (!double.IsFinite(gradClip) || gradClip < 0) throw new ArgumentOutOfRangeException(nameof(gradClip), gradClip, "The gradient clip must be 0 (off) or positive.");
        _student = student;
        _teacher = teacher;
        _loss = loss;
        _optimizer = optimizer;
        _parameters = [.. student.parameters()];
        _gradClip = gradClip;
    }

    /// <summary>
    /// AdamW with weight decay on matrices (embeddings and linear weights) only, as nanoGPT's
    /// <c>configure_optimizers</c>; biases and LayerNorm gains are not decayed.
    /// </summary>
    public static AdamW CreateOptimizer(Gpt model, double learningRate, double weightDecay = 0.01)
    {
        var parameters = model.parameters().ToArray();
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
            var teacherLogits = _teacher is null ? null : TeacherLogits(batch.InputIds);      // (B, T, V)
            var logits = _student.call(batch.InputIds);                                        // (B, T, V)
            var result = _loss.Compute(logits, teacherLogits, batch.Labels);
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
    // The teacher's forward in its own scope and without a graph: only the logits leave it.
    private Tensor TeacherLogits(Tensor inputIds)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _teacher!.call(inputIds).MoveToOuterDisposeScope();
    }
}
