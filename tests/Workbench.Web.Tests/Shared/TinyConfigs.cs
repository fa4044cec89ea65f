using Workbench.Experiments;

namespace Workbench.Web.Tests.Shared;

/// <summary>Runs small enough to finish in seconds on a 2-core CPU.</summary>
public static class TinyConfigs
{
    public static RunConfig Teacher(string name = "tiny-teacher", int steps = 40) => new()
    {
        Name = name,
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }],
        Steps = steps,
        BatchSize = 8,
        LearningRate = 3e-3,
        EvalEvery = 20,
    };

    public static RunConfig Distill(string teacher, int steps = 30) => Teacher("tiny-distill", steps) with
    {
        Teacher = new ModelRef { Checkpoint = teacher },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
        ],
    };
}
