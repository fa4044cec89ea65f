using Workbench.Experiments;
using Workbench.Training.Models;

namespace Workbench.Training.Objectives;

/// <summary>
/// Builds the objective named by a config term: one row per <see cref="ObjectiveDescriptors"/> kind, mapping it to its TorchSharp
/// implementation. Unset parameters take the spec defaults.
/// </summary>
public static class ObjectiveFactory
{
    private delegate IObjective Build(ObjectiveTerm term, Shapes shapes);

    // Feature kinds size their layer pairs and projections from both models' shapes.
    private sealed record Shapes(ModelShape? Student, ModelShape? Teacher, string Kind)
    {
        public ModelShape S => Student ?? throw Missing();
        public ModelShape T => Teacher ?? throw Missing();
        private ArgumentException Missing() => new($"Objective '{Kind}' compares features: it needs the student's and the teacher's shapes.");
    }

    private static readonly Dictionary<string, Build> s_implementations = new()
    {
        [ObjectiveKinds.CrossEntropy] = (_, _) => new CrossEntropyObjective(),
        [ObjectiveKinds.ForwardKl] = (t, _) => new ForwardKlObjective(t.Temperature),
        [ObjectiveKinds.ReverseKl] = (t, _) => new ReverseKlObjective(t.Temperature),
        [ObjectiveKinds.Jsd] = (t, _) => new JsdObjective(t.Beta ?? ObjectiveTerm.DefaultBeta, t.Temperature),
        [ObjectiveKinds.SkewKl] = (t, _) => new SkewKlObjective(t.SkewAlpha ?? ObjectiveTerm.DefaultSkewAlpha, t.Temperature),
        [ObjectiveKinds.SkewReverseKl] = (t, _) => new SkewReverseKlObjective(t.SkewAlpha ?? ObjectiveTerm.DefaultSkewAlpha, t.Temperature),
        [ObjectiveKinds.TotalVariation] = (t, _) => new TotalVariationObjective(t.Temperature),
        [ObjectiveKinds.TopKKl] = (t, _) => new TopKKlObjective(t.TopK ?? ObjectiveTerm.DefaultTopK, t.MissingMass ?? ObjectiveTerm.MissingMassZero, t.Temperature),
        [ObjectiveKinds.PlackettLuce] = (t, _) => new PlackettLuceObjective(t.TopK, t.Temperature),
        [ObjectiveKinds.AttentionTransfer] = (t, m) => new AttentionTransferObjective(m.S, m.T, Pairs(t, m.S, m.T)),
        [ObjectiveKinds.ValueRelation] = (t, m) => new ValueRelationObjective(m.S, m.T, Pairs(t, m.S, m.T), t.RelationHeads),
        [ObjectiveKinds.HiddenMse] = (t, m) => new HiddenMseObjective(m.S, m.T, Pairs(t, m.S, m.T)),
        [ObjectiveKinds.HiddenCosine] = (t, m) => new HiddenCosineObjective(m.S, m.T, Pairs(t, m.S, m.T)),
        [ObjectiveKinds.Nd] = (_, m) => new NdObjective(m.S, m.T),
        [ObjectiveKinds.Uld] = (t, _) => new UldObjective(t.Temperature),
        [ObjectiveKinds.TokenAlignment] = (t, _) => new TokenAlignmentObjective(t.Temperature),
    };

    /// <summary>The kinds that have an implementation (a test checks they are exactly the descriptors' kinds).</summary>
    public static IReadOnlyCollection<string> Implemented => s_implementations.Keys;

    /// <summary>
    /// The term's objective. Feature terms (<see cref="ObjectiveDescriptor.IsFeature"/>) size their layer pairs and
    /// projections from <paramref name="student"/> and <paramref name="teacher"/>, which they then require.
    /// </summary>
    public static IObjective Create(ObjectiveTerm term, ModelShape? student = null, ModelShape? teacher = null)
    {
        var descriptor = ObjectiveDescriptors.Get(term.Kind);
        return s_implementations[descriptor.Name](term, new Shapes(student, teacher, term.Kind));
    }

    /// <summary>The layer pairs a feature term compares, from its <see cref="ObjectiveTerm.LayerMap"/> or the kind's default.</summary>
    public static IReadOnlyList<LayerPair> Pairs(ObjectiveTerm term, ModelShape student, ModelShape teacher)
    {
        var descriptor = ObjectiveDescriptors.Get(term.Kind);
        return LayerMapping.Resolve(term.LayerMap ?? descriptor.DefaultLayerMap ?? ObjectiveTerm.LayerMapLast,
                                    student.Layers, teacher.Layers, allowEmbeddings: descriptor.LayerMapAllowsEmbeddings);
    }
}
