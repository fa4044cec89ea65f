using Workbench.Experiments;
using Workbench.Training.Objectives;

namespace Workbench.Training.Tests.Objectives;

public sealed class SpanGroupsTests
{
    [Fact]
    public void Align_WordsAgainstPieces_GroupsWhereBoundariesAgree()
    {
        // "127 pens": words [0,3) [4,8); pieces "12" [0,2), "7" [2,3), " pens" [3,8) (the space counted in)
        var groups = SpanGroups.Align([new(0, 3), new(4, 8)], [new(0, 2), new(2, 3), new(3, 8)]);
        Assert.Equal(2, groups.Count);
        AssertGroup(groups[0], [0], [0, 1]);
        AssertGroup(groups[1], [1], [2]);
    }

    [Fact]
    public void Align_CrossingBoundaries_MergesUntilBothAgree()
    {
        // "abcd": student "ab" "cd", teacher "a" "bc" "d": no boundary agrees before 4
        var groups = SpanGroups.Align([new(0, 2), new(2, 4)], [new(0, 1), new(1, 3), new(3, 4)]);
        Assert.Single(groups);
        AssertGroup(groups[0], [0, 1], [0, 1, 2]);
    }

    [Fact]
    public void Align_EndTokens_PairAsEmptySpansAndLeftoversFormALastGroup()
    {
        var student = SpanGroups.TargetSpans([new CharSpan(0, 1)], answerLength: 1, targets: 2);    // "8", <eos>
        var teacher = SpanGroups.TargetSpans([new CharSpan(0, 1)], answerLength: 1, targets: 3);    // "8", <|im_end|>, <eos>
        Assert.Equal([new CharSpan(0, 1), new CharSpan(1, 1)], student);
        var groups = SpanGroups.Align(student, teacher);
        AssertGroup(groups[0], [0], [0]);
        AssertGroup(groups[1], [1], [1]);
        AssertGroup(groups[2], [], [2]);
    }

    private static void AssertGroup((int[] Student, int[] Teacher) group, int[] student, int[] teacher)
    {
        Assert.Equal(student, group.Student);
        Assert.Equal(teacher, group.Teacher);
    }
}
