using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Trainer;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Recipes;

/// <summary>
/// Where a trained checkpoint (<c>WORKBENCH_EXPERIMENT_CHECKPOINT</c>) goes wrong on the distractor test splits: accuracy
/// by template and by the distractor's position (sentences before it). Appends to <c>/tmp/distractor-breakdown.log</c>.
/// </summary>
public sealed class DistractorBreakdownExperiment
{
    [ExperimentFact]
    public void Checkpoint_AccuracyByTemplateAndPosition()
    {
        var path = Environment.GetEnvironmentVariable("WORKBENCH_EXPERIMENT_CHECKPOINT")
                   ?? throw new InvalidOperationException("Set WORKBENCH_EXPERIMENT_CHECKPOINT.");
        var data = DistractorProblems.CreateDefault();
        using var model = GptCheckpoint.Load(path);
        var lines = new List<string> { path };
        foreach (var (name, split) in new[] { ("id", data.InDistributionTest), ("ood", data.OodTest), ("clean", data.CleanTest) })
        {
            var groups = split.GroupBy(p => p.Template).Select(g => (Key: g.Key, Items: g.ToArray()))
                .Concat(split.GroupBy(p => $"pos{p.Prompt[..p.ConfounderSpans![0].Start].Count(c => c == '.')}").Select(g => (Key: g.Key, Items: g.ToArray())));
            var parts = groups.Select(g => $"{g.Key} {DistractorEvaluation.Evaluate(model, g.Items, data.Tokenizer).Accuracy:F2}");
            lines.Add($"{name}: {string.Join(", ", parts)}");
        }
        File.AppendAllLines(Path.Combine(Path.GetTempPath(), "distractor-breakdown.log"), lines);
    }
}
