using TorchSharp;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.CrossTokenizerTestData;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class TokenAlignmentObjectiveTests : TorchTest
{
    [Fact]
    public void Compute_TwoStudentTokensOneTeacherToken_MatchesHandValue()
    {
        // Student: q_0 = [½, ¼, ¼], and its second token (id 2) has q_1[2] = ½: merged m_S = q_0·½ = [¼, ⅛, ⅛].
        // Teacher: m_T = p = [¼, ¼, ½]. Matched ids {0, 1} ↔ {0, 1}: p̂ = [½, ½], q̂ = [⅔, ⅓],
        // KL(p̂ ‖ q̂) = ½ ln(¾) + ½ ln(3/2) = ½ ln(9/8). Unmatched: m_S = [⅛], m_T = [½]: |⅛ − ½| = ⅜.
        using var student = FromProbabilities([[0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [1 / 3.0, 1 / 3.0, 1 / 3.0]]);
        using var teacher = FromProbabilities([[0.25, 0.25, 0.5], [1 / 3.0, 1 / 3.0, 1 / 3.0]]);
        using var alignment = TwoStudentTokensOneTeacherToken(new VocabularyMatch([0, 1], [0, 1]));
        using var loss = new TokenAlignmentObjective().Compute(student, teacher, alignment);
        Assert.Equal(0.5 * Math.Log(9.0 / 8) + 0.375, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_NoMatchedTokens_IsUldOfTheMergedDistributions()
    {
        // m_S = [¼, ⅛, ⅛] against m_T = [¼, ¼, ½] sorted: |¼ − ½| + |⅛ − ¼| + |⅛ − ¼| = ½
        using var student = FromProbabilities([[0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [1 / 3.0, 1 / 3.0, 1 / 3.0]]);
        using var teacher = FromProbabilities([[0.25, 0.25, 0.5], [1 / 3.0, 1 / 3.0, 1 / 3.0]]);
        using var alignment = TwoStudentTokensOneTeacherToken(new VocabularyMatch([], []));
        using var loss = new TokenAlignmentObjective().Compute(student, teacher, alignment);
        Assert.Equal(0.5, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_SameModelSameTokens_IsZero()
    {
        // Identical tokenizations and vocabularies, student = teacher: every group is one token, every id matched.
        using var logits = RandomLogits(5, B: 2, T: 4, V: 6);
        var identity = new VocabularyMatch([.. Enumerable.Range(0, 6)], [.. Enumerable.Range(0, 6)]);
        using var alignment = TokenAlignment.Build(
            [new AlignedSample([5, 1, 2, 3], 1, [5, 1, 2, 3], 1, [([0], [0]), ([1], [1]), ([2], [2])])], 4, 4, identity);
        using var loss = new TokenAlignmentObjective(2).Compute(logits, logits, alignment);
        Assert.Equal(0, loss.item<float>(), 6);
    }

    [Fact]
    public void Compute_GradientOnStudentLogits_MatchesFiniteDifferences()
    {
        using var student = RandomLogits(6, B: 2, T: 4, V: 6, scale: 2, dtype: ScalarType.Float64);
        using var teacher = RandomLogits(7, B: 2, T: 4, V: 5, scale: 2, dtype: ScalarType.Float64);
        using var alignment = TwoSamples(new VocabularyMatch([0, 2, 3], [1, 0, 4]));
        var objective = new TokenAlignmentObjective(1.5);
        GradientCheck.AssertMatchesFiniteDifferences(s => objective.Compute(s, teacher, alignment), student);
    }

    [Fact]
    public void Compute_OutsideAnyScope_LeavesOnlyItsResult()
    {
        using var student = RandomLogits(1, B: 2, T: 4, V: 6);
        using var teacher = RandomLogits(2, B: 2, T: 4, V: 5);
        using var alignment = TwoSamples(new VocabularyMatch([0, 2], [1, 0]));
        ICrossTokenizerObjective[] objectives = [new TokenAlignmentObjective(), new UldObjective()];
        foreach (var objective in objectives)
        {
            objective.Compute(student, teacher, alignment).Dispose();   // warm-up, and the vocabulary's index tensors
            var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            objective.Compute(student, teacher, alignment).Dispose();
            Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }
}
