using TorchSharp;
using TorchSharp.Modules;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// One optimizer step: teacher forward (no graph), student forward, loss, backward, gradient clipping, AdamW.
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

    public TrainingStep(Gpt student, Gpt? teacher, DistillationLoss loss, AdamW optimizer)
    {
        if (loss.NeedsTeacher && teacher is null) throw new ArgumentException("The loss needs a teacher.", nameof(teacher));
        _student = student;
        _teacher = teacher;
        _loss = loss;
        _optimizer = optimizer;
        _parameters = [.. student.parameters()];
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
    public LossResult Run(Batch batch, double learningRate)
    {
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        var teacherLogits = _teacher is null ? null : TeacherLogits(batch.InputIds);          // (B, T, V)
        using var logits = _student.call(batch.InputIds);                                      // (B, T, V)
        var result = _loss.Compute(logits, teacherLogits, batch.Labels);
        teacherLogits?.Dispose();
        if (!result.IsFinite) return result;

        _optimizer.zero_grad();
        result.Total.backward();
        nn.utils.clip_grad_norm_(_parameters, GradientClip);
        _optimizer.step();
        return result;
    }

    // The teacher's forward in its own scope and without a graph: only the logits leave it.
    private Tensor TeacherLogits(Tensor inputIds)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _teacher!.call(inputIds).MoveToOuterDisposeScope();
    }
}
