using Workbench.Experiments;
using Workbench.Training.Models;

namespace Workbench.Training.Objectives;

/// <summary>Builds the objective named by a config term; unset parameters take the spec defaults.</summary>
public static class ObjectiveFactory
{
    /// <summary>
    /// The term's objective. Feature terms (<see cref="ObjectiveKinds.IsFeature"/>) size their layer pairs and
    /// projections from <paramref name="student"/> and <paramref name="teacher"/>, which they then require.
    /// </summary>
    public static IObjective Create(ObjectiveTerm term, ModelShape? student = null, ModelShape? teacher = null)
    {
        if (ObjectiveKinds.IsFeature(term.Kind)) return CreateFeature(term, student, teacher);
        return term.Kind switch
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

    /// <summary>The layer pairs a feature term compares, from its <see cref="ObjectiveTerm.LayerMap"/> or the kind's default.</summary>
    public static IReadOnlyList<LayerPair> Pairs(ObjectiveTerm term, ModelShape student, ModelShape teacher) =>
        LayerMapping.Resolve(term.LayerMap ?? ObjectiveKinds.DefaultLayerMap(term.Kind) ?? ObjectiveTerm.LayerMapLast,
                             student.Layers, teacher.Layers, allowEmbeddings: IsHiddenState(term.Kind));

    private static bool IsHiddenState(string kind) => kind is ObjectiveKinds.HiddenMse or ObjectiveKinds.HiddenCosine;

    private static IFeatureObjective CreateFeature(ObjectiveTerm term, ModelShape? student, ModelShape? teacher)
    {
        if (student is null || teacher is null)
            throw new ArgumentException($"Objective '{term.Kind}' compares features: it needs the student's and the teacher's shapes.");
        return term.Kind switch
        {
            ObjectiveKinds.AttentionTransfer => new AttentionTransferObjective(student, teacher, Pairs(term, student, teacher)),
            ObjectiveKinds.ValueRelation => new ValueRelationObjective(student, teacher, Pairs(term, student, teacher), term.RelationHeads),
            ObjectiveKinds.HiddenMse => new HiddenMseObjective(student, teacher, Pairs(term, student, teacher)),
            ObjectiveKinds.HiddenCosine => new HiddenCosineObjective(student, teacher, Pairs(term, student, teacher)),
            _ => new NdObjective(student, teacher),
        };
    }
}
