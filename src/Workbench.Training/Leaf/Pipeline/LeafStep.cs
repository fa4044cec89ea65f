using TorchSharp;
using TorchSharp.Modules;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// One stage-2 optimizer step (leaf.md §4.1). The teacher reads exactly the rows the student reads (originals and pruned
/// counterfactuals). <c>data_mix</c>: the loss is the token mean over every supervised token of the window, so λ is
/// implicit (reference behaviour). <c>paired</c>: L = λ·L_kd + (1 − λ)·L_cd with each part a token mean over its own rows.
/// L_kd and L_cd are reported in both modes.
/// </summary>
public sealed class LeafStep(Gpt student, Gpt teacher, DistillationLoss loss, AdamW optimizer, double gradClip, string mixing, double lambda)
{
    private readonly Parameter[] _parameters = [.. student.parameters()];

    public LeafStepResult Run(IReadOnlyList<LeafExample> examples, int padId, Device device, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.zero_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate([.. examples.Select(e => e.Problem)], padId, device);
        var isCounterfactual = tensor(examples.Select(e => e.IsCounterfactual).ToArray(), device: device).unsqueeze(1);   // (B, 1)
        var kdLabels = batch.Labels.masked_fill(isCounterfactual, Batch.IgnoreIndex);
        var cdLabels = batch.Labels.masked_fill(isCounterfactual.logical_not(), Batch.IgnoreIndex);
        var hasCd = examples.Any(e => e.IsCounterfactual);
        var hasKd = examples.Any(e => !e.IsCounterfactual);

        Tensor teacherLogits;
        using (no_grad()) teacherLogits = teacher.call(batch.InputIds);                          // (B, T, V)
        var logits = student.call(batch.InputIds);                                                // (B, T, V)

        LossResult total;
        double? kd = null, cd = null;
        if (mixing == LeafMixings.Paired && hasCd && hasKd)
        {
            var kdLoss = loss.Compute(logits, teacherLogits, kdLabels);
            var cdLoss = loss.Compute(logits, teacherLogits, cdLabels);
            var combined = kdLoss.Total * lambda + cdLoss.Total * (1 - lambda);
            var value = lambda * kdLoss.TotalValue + (1 - lambda) * cdLoss.TotalValue;
            total = new LossResult(combined, value, [.. kdLoss.Terms.Zip(cdLoss.Terms, (a, b) => a with { Value = lambda * a.Value + (1 - lambda) * b.Value })]);
            (kd, cd) = (kdLoss.TotalValue, cdLoss.TotalValue);
        }
        else
        {
            total = loss.Compute(logits, teacherLogits, batch.Labels);
            using (no_grad())
            {
                if (hasKd) kd = hasCd ? loss.Compute(logits, teacherLogits, kdLabels).TotalValue : total.TotalValue;
                if (hasCd) cd = hasKd ? loss.Compute(logits, teacherLogits, cdLabels).TotalValue : total.TotalValue;
            }
        }
        if (!total.IsFinite) return new LeafStepResult(total.TotalValue, total.Terms, total.NonFiniteTerms, kd, cd, batch.TokenCount);

        total.Total.backward();
        if (gradClip > 0) nn.utils.clip_grad_norm_(_parameters, gradClip);
        optimizer.step();
        return new LeafStepResult(total.TotalValue, total.Terms, [], kd, cd, batch.TokenCount);
    }
}

/// <summary>Plain numbers of one stage-2 step; <see cref="Kd"/>/<see cref="Cd"/> are null when the batch had no such rows.</summary>
public sealed record LeafStepResult(double Total, IReadOnlyList<TermValue> Terms, IReadOnlyList<string> NonFiniteTerms, double? Kd, double? Cd, long Tokens)
{
    public bool IsFinite => NonFiniteTerms.Count == 0 && double.IsFinite(Total);
}
