using Workbench.Experiments;

namespace Workbench.Training.Objectives;

/// <summary>Builds the objective named by a config term; unset parameters take the spec defaults.</summary>
public static class ObjectiveFactory
{
    public static IObjective Create(ObjectiveTerm term) => term.Kind switch
    {
        ObjectiveKinds.CrossEntropy => new CrossEntropyObjective(),
        ObjectiveKinds.ForwardKl => new ForwardKlObjective(term.Temperature),
        ObjectiveKinds.ReverseKl => new ReverseKlObjective(term.Temperature),
        ObjectiveKinds.Jsd => new JsdObjective(term.Beta ?? ObjectiveTerm.DefaultBeta, term.Temperature),
        ObjectiveKinds.SkewKl => new SkewKlObjective(term.SkewAlpha ?? ObjectiveTerm.DefaultSkewAlpha, term.Temperature),
        ObjectiveKinds.SkewReverseKl => new SkewReverseKlObjective(term.SkewAlpha ?? ObjectiveTerm.DefaultSkewAlpha, term.Temperature),
        ObjectiveKinds.TotalVariation => new TotalVariationObjective(term.Temperature),
        ObjectiveKinds.TopKKl => new TopKKlObjective(term.TopK ?? ObjectiveTerm.DefaultTopK, term.MissingMass ?? ObjectiveTerm.MissingMassZero, term.Temperature),
        ObjectiveKinds.PlackettLuce => new PlackettLuceObjective(term.TopK, term.Temperature),
        _ => throw new ArgumentException($"Unknown objective '{term.Kind}'. Known: {string.Join(", ", ObjectiveKinds.All)}."),
    };
}
