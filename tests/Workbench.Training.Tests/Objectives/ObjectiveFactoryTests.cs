using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class ObjectiveFactoryTests : TorchTest
{
    public static TheoryData<string> Kinds => [.. ObjectiveKinds.All];

    private static readonly ModelShape s_student = new(VocabSize: 7, Layers: 2, Heads: 2, Width: 8, HeadSize: 4);
    private static readonly ModelShape s_teacher = new(VocabSize: 7, Layers: 4, Heads: 4, Width: 16, HeadSize: 4);

    [Fact]
    public void Implemented_EveryDescriptor_HasExactlyOneImplementation() =>
        Assert.Equal(ObjectiveDescriptors.All.Select(d => d.Name).Order(), ObjectiveFactory.Implemented.Order());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_EveryKnownKind_ReadsWhatItsDescriptorSays(string kind)
    {
        var objective = ObjectiveFactory.Create(new ObjectiveTerm { Kind = kind }, s_student, s_teacher);
        var descriptor = ObjectiveDescriptors.Get(kind);
        Assert.Equal(descriptor.IsFeature, objective is IFeatureObjective);
        Assert.Equal(descriptor.Reads == ObjectiveInput.AlignedLogits, objective is ICrossTokenizerObjective);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_EveryKnownKind_BuildsThatKind(string kind)
    {
        var objective = ObjectiveFactory.Create(new ObjectiveTerm { Kind = kind }, s_student, s_teacher);
        Assert.Equal(kind, objective.Kind);
        Assert.Equal(ObjectiveKinds.NeedsTeacher(kind), objective.NeedsTeacher);
    }

    /// <summary>Every kind with k = 3 of V = 7, plus the k ≥ V paths and the symmetric top-k mode.</summary>
    public static TheoryData<string, int?, string?> Variants
    {
        get
        {
            var data = new TheoryData<string, int?, string?>();
            foreach (var kind in ObjectiveDescriptors.All.Where(d => d.Reads == ObjectiveInput.Logits).Select(d => d.Name)) data.Add(kind, 3, null);
            data.Add(ObjectiveKinds.PlackettLuce, null, null);
            data.Add(ObjectiveKinds.TopKKl, 3, ObjectiveTerm.MissingMassSymmetricUniform);
            data.Add(ObjectiveKinds.TopKKl, 7, ObjectiveTerm.MissingMassSymmetricUniform);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Compute_OutsideAnyScope_LeavesOnlyItsResult(string kind, int? topK, string? missingMass)
    {
        var objective = ObjectiveFactory.Create(new ObjectiveTerm
        {
            Kind = kind,
            TopK = ObjectiveKinds.Parameter(kind)?.Field == "topK" ? topK : null,
            MissingMass = missingMass,
            Temperature = 2,
        });
        using var student = RandomLogits(1);
        using var teacher = RandomLogits(2);
        using var labels = RandomLabels(1);
        objective.Compute(student, teacher, labels).Dispose();   // warm-up: lazily created native state

        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        objective.Compute(student, teacher, labels).Dispose();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Create_UnsetParameters_TakeSpecDefaults()
    {
        Assert.Equal(0.5, ((JsdObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.Jsd })).Beta);
        Assert.Equal(0.1, ((SkewKlObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.SkewKl })).Alpha);
        Assert.Equal(0.1, ((SkewReverseKlObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.SkewReverseKl })).Alpha);
        var topK = (TopKKlObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.TopKKl });
        Assert.Equal((128, "zero"), (topK.K, topK.MissingMass));
        Assert.Null(((PlackettLuceObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.PlackettLuce })).Ranks);
    }

    [Fact]
    public void Create_SetParameters_ArePassedOn()
    {
        var jsd = (JsdObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.Jsd, Beta = 0.9, Temperature = 2 });
        Assert.Equal((0.9, 2.0), (jsd.Beta, jsd.Temperature));
        var topK = (TopKKlObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.TopKKl, TopK = 16, MissingMass = "symmetric_uniform" });
        Assert.Equal((16, "symmetric_uniform"), (topK.K, topK.MissingMass));
        var pld = (PlackettLuceObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.PlackettLuce, TopK = 8, Temperature = 4 });
        Assert.Equal((8, 4.0), (pld.Ranks!.Value, pld.TeacherTemperature));
    }

    [Theory]
    [InlineData(ObjectiveKinds.AttentionTransfer)]
    [InlineData(ObjectiveKinds.Nd)]
    public void Create_FeatureKindWithoutShapes_Throws(string kind) =>
        Assert.Throws<ArgumentException>(() => ObjectiveFactory.Create(new ObjectiveTerm { Kind = kind }));

    [Fact]
    public void Create_FeatureKinds_TakeTheirDefaultLayerMapsAndParameters()
    {
        var attention = (AttentionTransferObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.AttentionTransfer }, s_student, s_teacher);
        Assert.Equal([new LayerPair(2, 4)], attention.Pairs);
        var hidden = (HiddenMseObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.HiddenMse }, s_student, s_teacher);
        Assert.Equal([new LayerPair(1, 2), new LayerPair(2, 4)], hidden.Pairs);
        Assert.True(hidden.Projects);
        var custom = (HiddenCosineObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.HiddenCosine, LayerMap = "0:0,2:3" }, s_student, s_teacher);
        Assert.Equal([new LayerPair(0, 0), new LayerPair(2, 3)], custom.Pairs);
        var values = (ValueRelationObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.ValueRelation }, s_student, s_teacher);
        Assert.Equal(2, values.RelationHeads);                                    // gcd(2, 4)
        values = (ValueRelationObjective)ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 8, LayerMap = "all" }, s_student, s_student);
        Assert.Equal((8, 2), (values.RelationHeads, values.Pairs.Count));
        Assert.Throws<ArgumentException>(() => ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 3 }, s_student, s_teacher));
        Assert.Throws<ArgumentException>(() => ObjectiveFactory.Create(new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "3:1" }, s_student, s_teacher));
    }
}
