using Workbench.Experiments;

namespace Workbench.Web.Components.Controls;

/// <summary>One-line descriptions of a config for tables: "4×128" models, "0.5·cross_entropy + 0.5·forward_kl (T=2)".</summary>
public static class RunSummary
{
    public static string Model(ModelRef? model) => model switch
    {
        null => "–",
        { Run: { } run } => $"run #{run}",
        { Checkpoint: { } checkpoint } => checkpoint,
        _ => $"{model.Layers}×{model.Width}",
    };

    public static string Objectives(RunConfig config) => string.Join(" + ", config.Objectives.Select(o =>
        (o.Weight == 1 ? "" : $"{o.Weight:0.##}·") + o.Kind + (ObjectiveKinds.NeedsTeacher(o.Kind) ? $" (T={o.Temperature:0.##})" : "")));

    public static RunConfig? TryParse(string json)
    {
        try { return RunConfigJson.Deserialize(json); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
