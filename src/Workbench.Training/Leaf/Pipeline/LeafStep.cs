using TorchSharp;
using TorchSharp.Modules;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Devices;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// One stage-2 optimizer step (leaf.md §4.1). The teacher reads exactly the rows the student reads (originals and pruned
/// counterfactuals). <c>data_mix</c>: the loss is the token mean over every supervised token of the window, so λ is
/// implicit (reference behaviour). <c>paired</c>: L = λ·L_kd + (1 − λ)·L_cd with each part a token mean over its own rows.
/// L_kd and L_cd are reported in both modes. The forwards and the loss run under the run's autocast
/// (<see cref="DeviceSelector.Autocast"/>), backward outside it, as in <see cref="Trainer.TrainingStep"/>.
/// </summary>
public sealed class LeafStep(ICausalLanguageModel student, ICausalLanguageModel teacher, DistillationLoss loss, AdamW optimizer, double gradClip, string mixing, double lambda,
                             string? precision = null)
{
    private readonly Parameter[] _parameters = [.. student.parameters(), .. loss.parameters()];

    public LeafStepResult Run(IReadOnlyList<LeafExample> examples, int padId, Device device, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.zero_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate([.. examples.Select(e => e.Problem)], padId, device);
        var isCounterfactual = tensor(examples.Select(e => e.IsCounterfactual).ToArray(), device: device).unsqueeze(1);   // (B, 1)
        LossResult? kd, cd;
        LossResult total;
        using (DeviceSelector.Autocast(device, precision)) (kd, cd, total) = Loss(examples, batch, isCounterfactual, padId);
        if (!total.IsFinite) return new LeafStepResult(total.TotalValue, total.Terms, total.NonFiniteTerms, kd?.TotalValue, cd?.TotalValue, batch.TokenCount);

        total.Total.backward();
        if (gradClip > 0) nn.utils.clip_grad_norm_(_parameters, gradClip);
        optimizer.step();
        return new LeafStepResult(total.TotalValue, total.Terms, [], kd?.TotalValue, cd?.TotalValue, batch.TokenCount);
    }

    // Both forwards and each side's loss (L_kd on original rows, L_cd on counterfactual rows), weighed by the mixing mode.
    private (LossResult? Kd, LossResult? Cd, LossResult Total) Loss(IReadOnlyList<LeafExample> examples, Batch batch, Tensor isCounterfactual, int padId)
    {
        // With feature terms (the reference's hidden-state MSE beside the KL) both models capture what the terms read; the
        // teacher's capture has no graph. Each side's terms see only its own rows: labels and real tokens are masked per row.
        var features = loss.Features;
        FeatureCapture? teacherCapture = null, studentCapture = null;
        Tensor teacherLogits, logits;
        if (features.Any)
        {
            using (no_grad()) teacherCapture = teacher.ForwardWithFeatures(batch.InputIds, features);
            studentCapture = student.ForwardWithFeatures(batch.InputIds, features);
            (teacherLogits, logits) = (teacherCapture.Logits, studentCapture.Logits);                 // (B, T, V) each
        }
        else
        {
            using (no_grad()) teacherLogits = teacher.call(batch.InputIds);                          // (B, T, V)
            logits = student.call(batch.InputIds);                                                    // (B, T, V)
        }
        var realTokens = batch.InputIds.ne(padId);                                                    // (B, T)
        LossResult Part(Tensor ignoredRows) => studentCapture is null
            ? loss.Compute(logits, teacherLogits, batch.Labels.masked_fill(ignoredRows, Batch.IgnoreIndex))
            : loss.Compute(studentCapture, teacherCapture, batch.Labels.masked_fill(ignoredRows, Batch.IgnoreIndex), realTokens.logical_and(ignoredRows.logical_not()));

        // Each side's token mean, computed once; the step's loss weighs them by the mixing mode.
        LossResult? kd = examples.Any(e => !e.IsCounterfactual) ? Part(isCounterfactual) : null;
        LossResult? cd = examples.Any(e => e.IsCounterfactual) ? Part(isCounterfactual.logical_not()) : null;
        var (kdWeight, cdWeight) = Weights(examples, kd is not null && cd is not null);
        return (kd, cd, Combine(kd, kdWeight, cd, cdWeight));
    }

    // paired: λ and 1 − λ. data_mix: each side's share of the supervised tokens, which makes the sum the token mean over every row.
    private (double Kd, double Cd) Weights(IReadOnlyList<LeafExample> examples, bool both)
    {
        if (!both) return (1, 1);
        if (mixing == LeafMixings.Paired) return (lambda, 1 - lambda);
        double kdTargets = examples.Where(e => !e.IsCounterfactual).Sum(e => e.Problem.TargetCount);
        double cdTargets = examples.Where(e => e.IsCounterfactual).Sum(e => e.Problem.TargetCount);
        return (kdTargets / (kdTargets + cdTargets), cdTargets / (kdTargets + cdTargets));
    }

    private static LossResult Combine(LossResult? kd, double kdWeight, LossResult? cd, double cdWeight)
    {
        if (kd is null || cd is null) return (kd ?? cd)!;
        return new LossResult(kd.Total * kdWeight + cd.Total * cdWeight, kdWeight * kd.TotalValue + cdWeight * cd.TotalValue,
                              [.. kd.Terms.Zip(cd.Terms, (a, b) => a with { Value = kdWeight * a.Value + cdWeight * b.Value })]);
    }
}

/// <summary>Plain numbers of one stage-2 step; <see cref="Kd"/>/<see cref="Cd"/> are null when the batch had no such rows.</summary>
public sealed record LeafStepResult(double Total, IReadOnlyList<TermValue> Terms, IReadOnlyList<string> NonFiniteTerms, double? Kd, double? Cd, long Tokens)
{
    public bool IsFinite => NonFiniteTerms.Count == 0 && double.IsFinite(Total);
}
