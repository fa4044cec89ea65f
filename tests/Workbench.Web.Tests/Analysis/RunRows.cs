using Workbench.Experiments;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

/// <summary>Runs as the table sees them, built from real configs.</summary>
internal static class RunRows
{
    public static RunRow Of(int id, RunConfig config, IReadOnlyDictionary<string, double>? metrics = null, string[]? tags = null,
        RunStatus status = RunStatus.Completed) => new()
    {
        Id = id,
        Name = config.Name,
        Status = status,
        CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Tags = tags ?? [],
        Config = ConfigFlattener.Flatten(RunConfigJson.Serialize(config)),
        Metrics = metrics ?? new Dictionary<string, double>(),
    };

    public static RunConfig Distill(string name, double learningRate = 3e-3, params string[] kinds) => new()
    {
        Name = name,
        Teacher = new ModelRef { Checkpoint = "demo-teacher" },
        LearningRate = learningRate,
        Objectives = kinds.Select(k => new ObjectiveTerm { Kind = k, Weight = k == ObjectiveKinds.CrossEntropy ? 0.5 : 1 }).ToList(),
    };
}
