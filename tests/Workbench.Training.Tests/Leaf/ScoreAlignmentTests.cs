using Workbench.Experiments;
using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed class ScoreAlignmentTests
{
    // "unbelievable cats": teacher "un" "believ" "able" " cats"; student "unbeliev" "able" " ca" "ts".
    private static readonly CharSpan[] s_teacher = [new(0, 2), new(2, 8), new(8, 12), new(12, 17)];
    private static readonly CharSpan[] s_student = [new(0, 8), new(8, 12), new(12, 15), new(15, 17)];

    [Fact]
    public void MapByCharacterOverlap_DifferentTokenizations_TakesMaxOfOverlappingSources()
    {
        var mapped = ScoreAlignment.MapByCharacterOverlap(s_teacher, [1.0, 3.0, 2.0, 5.0], s_student);
        Assert.Equal([3.0, 2.0, 5.0, 5.0], mapped);
    }

    [Fact]
    public void MapByCharacterOverlap_BackAndForth_CoarserSideTakesMaxOfFinerSide()
    {
        var mapped = ScoreAlignment.MapByCharacterOverlap(s_student, [4.0, 1.0, 2.0, 7.0], s_teacher);
        Assert.Equal([4.0, 4.0, 1.0, 7.0], mapped);
    }

    [Fact]
    public void MapByCharacterOverlap_IdenticalTokenizations_CopiesScores()
    {
        double[] scores = [0.5, 0.25, 1, 2];
        Assert.True(ScoreAlignment.AreIdentical(s_teacher, [.. s_teacher]));
        Assert.False(ScoreAlignment.AreIdentical(s_teacher, s_student));
        Assert.Equal(scores, ScoreAlignment.MapByCharacterOverlap(s_teacher, scores, s_teacher));
    }

    [Fact]
    public void MapByCharacterOverlap_TargetInAGapOrEmpty_TakesNearestSourceTokens()
    {
        // Source covers "ab" and "cd" of "ab cd" but not the space; target tokens: "ab", " ", "cd", an empty one at 5.
        CharSpan[] from = [new(0, 2), new(3, 5)];
        CharSpan[] to = [new(0, 2), new(2, 3), new(3, 5), new(5, 5)];
        var mapped = ScoreAlignment.MapByCharacterOverlap(from, [1.0, 4.0], to);
        Assert.Equal([1.0, 4.0, 4.0, 4.0], mapped);   // the space is 0 characters from both: max of the two
    }

    [Fact]
    public void MapByCharacterOverlap_NoSourceTokens_Throws() =>
        Assert.Throws<ArgumentException>(() => ScoreAlignment.MapByCharacterOverlap([], [], s_student));
}
