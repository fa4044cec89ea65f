using Workbench.Experiments.Leaf;
using Workbench.Training.Leaf.Pipeline;

namespace Workbench.Training.Tests.Leaf.Pipeline;

public sealed class MisleadingSamplesTests
{
    private static readonly bool[] s_teacher = [true, true, false, false, true];
    private static readonly bool[] s_student = [true, false, true, false, false];

    [Fact]
    public void Select_StudentWrongTeacherRight_KeepsOnlyMisleadingSamples() =>
        Assert.Equal(new[] { 1, 4 }, MisleadingSamples.Select(s_teacher, s_student, LeafSelections.StudentWrongTeacherRight));

    [Fact]
    public void Select_All_KeepsEverySample() =>
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, MisleadingSamples.Select(s_teacher, s_student, LeafSelections.All));

    [Fact]
    public void Select_DifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => MisleadingSamples.Select([true], [true, false], LeafSelections.All));
}
