using Workbench.Experiments;

namespace Workbench.Training.Objectives;

/// <summary>Builds the objective named by a config term.</summary>
public static class ObjectiveFactory
{
    public static IObjective Create(ObjectiveTerm term) => term.Kind switch
    {
        ObjectiveKinds.CrossEntropy => new CrossEntropyObjective(),
        ObjectiveKinds.ForwardKl => new ForwardKlObjective(term.Temperature),
        _ => throw new ArgumentException($"Unknown objective '{term.Kind}'. Known: {string.Join(", ", ObjectiveKinds.All)}."),
    };
}
