using Workbench.Experiments;
using Workbench.Training.Models;
using Workbench.Training.Objectives;

namespace Workbench.Training.Tests.Objectives;

public sealed class TeacherStudentCompatibilityTests
{
    private static readonly ModelShape s_teacher = new(VocabSize: 50, Layers: 4, Heads: 4, Width: 64, HeadSize: 16);
    private static readonly ModelShape s_student = new(VocabSize: 50, Layers: 2, Heads: 2, Width: 32, HeadSize: 16);

    private static CompatibilityReport Check(params ObjectiveTerm[] terms) =>
        TeacherStudentCompatibility.Check(s_teacher, "words", s_student, "words", terms);

    [Fact]
    public void Check_OtherTokenizer_ErrorOnTeacherNamingBothVocabularies()
    {
        var report = TeacherStudentCompatibility.Check(s_teacher, "other", s_student, "words",
            [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.HiddenMse }]);
        var error = Assert.Single(report.Errors);
        Assert.Equal("teacher", error.Field);
        Assert.Contains("'other'", error.Message);
        Assert.Contains("hidden_mse", error.Message);
    }

    [Fact]
    public void Check_StudentWithMoreRowsOverTheSameTokenizer_ErrorForLogitTerms()
    {
        var report = TeacherStudentCompatibility.Check(s_teacher, "words", s_student with { VocabSize = 51 }, "words",
            [new() { Kind = ObjectiveKinds.ForwardKl }]);
        Assert.Equal(["teacher"], report.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Check_TeacherWithPaddedRowsOverTheSameTokenizer_CompatibleAndNotesTheCut()
    {
        var report = TeacherStudentCompatibility.Check(s_teacher with { VocabSize = 64 }, "words", s_student, "words",
            [new() { Kind = ObjectiveKinds.ForwardKl }]);
        Assert.True(report.IsCompatible);
        Assert.Contains(report.Notes, n => n.Contains("cut to the first 50 ids"));
        Assert.False(TeacherStudentCompatibility.Check(s_teacher with { VocabSize = 64 }, "other", s_student, "words", []).IsCompatible);
    }

    [Fact]
    public void Check_CrossEntropyOnly_StillNeedsTheVocabularyForTheEvalComparison()
    {
        Assert.Equal(["teacher"], TeacherStudentCompatibility.Check(s_teacher, "other", s_student, "words", [new() { Kind = ObjectiveKinds.CrossEntropy }]).Errors.Select(e => e.Field));
        Assert.True(Check(new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }).IsCompatible);
    }

    [Fact]
    public void Check_HiddenStatesOfDifferentWidths_NotesTheProjectionAndTheMapping()
    {
        var report = Check(new ObjectiveTerm { Kind = ObjectiveKinds.HiddenCosine });
        Assert.True(report.IsCompatible);
        Assert.Contains(report.Notes, n => n.Contains("projection") && n.Contains("32") && n.Contains("64"));
        Assert.Contains(report.Notes, n => n.Contains("1→2, 2→4"));
    }

    [Fact]
    public void Check_LayerMapAllWithDifferentDepths_ErrorOnThatTermsLayerMap()
    {
        var report = Check(new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy },
                           new ObjectiveTerm { Kind = ObjectiveKinds.AttentionTransfer, LayerMap = ObjectiveTerm.LayerMapAll });
        var error = Assert.Single(report.Errors);
        Assert.Equal("objectives[1].layerMap", error.Field);
        Assert.Contains("2 layers", error.Message);
    }

    [Theory]
    [InlineData(ObjectiveKinds.AttentionTransfer, "0:0")]     // attention has no layer 0
    [InlineData(ObjectiveKinds.HiddenMse, "1:5")]             // the teacher has 4
    [InlineData(ObjectiveKinds.ValueRelation, "3:4")]         // the student has 2
    public void Check_LayerOutOfRange_ErrorOnLayerMap(string kind, string map) =>
        Assert.Equal(["objectives[0].layerMap"], Check(new ObjectiveTerm { Kind = kind, LayerMap = map }).Errors.Select(e => e.Field));

    [Fact]
    public void Check_RelationHeadsNotDividingTheTeachersWidth_ErrorOnRelationHeads()
    {
        var report = TeacherStudentCompatibility.Check(s_teacher with { Heads = 3, Width = 48 }, "words", s_student, "words",
            [new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 32 }]);
        Assert.Equal(["objectives[0].relationHeads"], report.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Check_AttentionWithDifferentHeadCounts_NotesHowHeadsAreMatched()
    {
        var report = Check(new ObjectiveTerm { Kind = ObjectiveKinds.AttentionTransfer });
        Assert.True(report.IsCompatible);
        Assert.Contains(report.Notes, n => n.Contains("groups of 2"));
        Assert.Contains(report.Notes, n => n.Contains("2→4"));
    }

    [Theory]
    [InlineData("uniform", 4, 12, "1→3, 2→6, 3→9, 4→12")]   // TinyBERT
    [InlineData("uniform", 3, 4, "1→1, 2→3, 3→4")]          // 4/3 = 1.33, 2.67, 4
    [InlineData("last", 2, 6, "2→6")]
    [InlineData("all", 3, 3, "1→1, 2→2, 3→3")]
    [InlineData(" 2:5 , 1:1", 2, 6, "2→5, 1→1")]
    public void LayerMapping_Resolve_GivesThePairs(string map, int M, int N, string expected) =>
        Assert.Equal(expected, string.Join(", ", LayerMapping.Resolve(map.Trim(), M, N, allowEmbeddings: false)));
}
