using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.CrossTokenizerTestData;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class UldObjectiveTests : TorchTest
{
    private static readonly VocabularyMatch s_noMatch = new([], []);

    [Fact]
    public void Compute_DifferentVocabularies_MatchesHandValue()
    {
        // q = [¼, ¾] over V_S = 2, p = [½, 0.3, 0.2] over V_T = 3. Sorted and padded: q = [¾, ¼, 0], p = [½, 0.3, 0.2]:
        // |¾ − ½| + |¼ − 0.3| + |0 − 0.2| = 0.25 + 0.05 + 0.2 = 0.5
        using var student = FromProbabilities([[0.25, 0.75], [0.5, 0.5], [0.5, 0.5]]);
        using var teacher = FromProbabilities([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]);
        using var alignment = TwoStudentTokensOneTeacherToken(s_noMatch);
        using var uld = new UldObjective().Compute(student, teacher, alignment);
        Assert.Equal(0.5, uld.item<float>(), 5);
    }

    [Fact]
    public void Compute_TeacherVocabularyPermuted_IsUnchanged()
    {
        using var student = RandomLogits(1, B: 2, T: 4, V: 5);
        using var teacher = RandomLogits(2, B: 2, T: 4, V: 7);
        using var permuted = teacher.index_select(2, tensor(new long[] { 6, 2, 0, 4, 1, 5, 3 }));
        using var alignment = TwoSamples(s_noMatch);
        using var a = new UldObjective(2).Compute(student, teacher, alignment);
        using var b = new UldObjective(2).Compute(student, permuted, alignment);
        Assert.Equal(a.item<float>(), b.item<float>(), 5);
        Assert.True(a.item<float>() > 0);
    }

    [Fact]
    public void Compute_SameDistributionsUpToOrder_IsZero()
    {
        using var student = FromProbabilities([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]]);
        using var teacher = FromProbabilities([[0.7, 0.1, 0.2], [0.3, 0.4, 0.3]]);
        using var alignment = TwoStudentTokensOneTeacherToken(s_noMatch);
        using var uld = new UldObjective().Compute(student, teacher, alignment);
        Assert.Equal(0, uld.item<float>(), 6);
    }

    [Fact]
    public void Compute_GradientOnStudentLogits_MatchesFiniteDifferences()
    {
        using var student = RandomLogits(3, B: 2, T: 4, V: 5, scale: 2, dtype: ScalarType.Float64);
        using var teacher = RandomLogits(4, B: 2, T: 4, V: 6, scale: 2, dtype: ScalarType.Float64);
        using var alignment = TwoSamples(s_noMatch);
        var uld = new UldObjective(1.5);
        GradientCheck.AssertMatchesFiniteDifferences(s => uld.Compute(s, teacher, alignment), student);
    }

    [Fact]
    public void Compute_WithoutAlignment_RefusesNamingTheKind()
    {
        IObjective uld = new UldObjective();
        using var logits = RandomLogits(1);
        using var labels = RandomLabels(1);
        Assert.Contains("uld", Assert.Throws<InvalidOperationException>(() => uld.Compute(logits, logits, labels)).Message);
    }
}
