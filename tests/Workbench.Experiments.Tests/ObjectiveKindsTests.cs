using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class ObjectiveKindsTests
{
    [Fact]
    public void DisplayName_EveryKind_IsItsOwn() =>
        Assert.Equal(ObjectiveKinds.All.Count, ObjectiveKinds.All.Select(ObjectiveKinds.DisplayName).Except(ObjectiveKinds.All).Distinct().Count());

    [Fact]
    public void NeedsTeacher_EveryKindButCrossEntropy_IsTrue() =>
        Assert.Equal([ObjectiveKinds.CrossEntropy], ObjectiveKinds.All.Where(k => !ObjectiveKinds.NeedsTeacher(k)));

    [Fact]
    public void Parameter_KindsWithOne_NameTheirField() =>
        Assert.Equal(
            [(ObjectiveKinds.Jsd, "beta"), (ObjectiveKinds.SkewKl, "skewAlpha"), (ObjectiveKinds.SkewReverseKl, "skewAlpha"),
             (ObjectiveKinds.TopKKl, "topK"), (ObjectiveKinds.PlackettLuce, "topK"), (ObjectiveKinds.ValueRelation, "relationHeads")],
            ObjectiveKinds.All.Where(k => ObjectiveKinds.Parameter(k) is not null).Select(k => (k, ObjectiveKinds.Parameter(k)!.Field)));

    [Theory]
    [InlineData(ObjectiveKinds.Jsd, 0.25)]
    [InlineData(ObjectiveKinds.SkewKl, 0.3)]
    [InlineData(ObjectiveKinds.TopKKl, 64.0)]
    [InlineData(ObjectiveKinds.ValueRelation, 4.0)]
    public void Parameter_SetOnATerm_ReadsBack(string kind, double value)
    {
        var parameter = ObjectiveKinds.Parameter(kind)!;
        var term = new ObjectiveTerm { Kind = kind, Beta = value, SkewAlpha = value, TopK = (int)value, RelationHeads = (int)value };
        Assert.Equal(value, parameter.Number(term));
        Assert.Null(parameter.Number(new ObjectiveTerm { Kind = kind }));
    }

    [Fact]
    public void IsFeature_FeatureKinds_NeedATeacherButNoTemperature()
    {
        Assert.All(ObjectiveKinds.Feature, k => Assert.True(ObjectiveKinds.NeedsTeacher(k)));
        Assert.All(ObjectiveKinds.Feature, k => Assert.False(ObjectiveKinds.UsesTemperature(k)));
        Assert.True(ObjectiveKinds.UsesTemperature(ObjectiveKinds.ForwardKl));
    }

    [Fact]
    public void DefaultLayerMap_AttentionLastHiddenUniformNdNone()
    {
        Assert.Equal(ObjectiveTerm.LayerMapLast, ObjectiveKinds.DefaultLayerMap(ObjectiveKinds.AttentionTransfer));
        Assert.Equal(ObjectiveTerm.LayerMapLast, ObjectiveKinds.DefaultLayerMap(ObjectiveKinds.ValueRelation));
        Assert.Equal(ObjectiveTerm.LayerMapUniform, ObjectiveKinds.DefaultLayerMap(ObjectiveKinds.HiddenMse));
        Assert.Equal(ObjectiveTerm.LayerMapUniform, ObjectiveKinds.DefaultLayerMap(ObjectiveKinds.HiddenCosine));
        Assert.Null(ObjectiveKinds.DefaultLayerMap(ObjectiveKinds.Nd));
    }
}
