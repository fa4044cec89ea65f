using Workbench.Training.Objectives;

namespace Workbench.Training.Tests.Objectives;

public sealed class VocabularyMatchTests
{
    [Fact]
    public void Between_ExactThenWithoutLeadingSpace_OneToOnePlusEos()
    {
        string?[] student = ["<pad>", "ann", " ann", " has", "7", "<|im_end|>", null];
        string?[] teacher = ["<pad>", "<eos>", "ann", "has", "7", "\uFFFD"];
        var match = VocabularyMatch.Between(student, studentEos: 5, teacher, teacherEos: 1);
        // exact: <pad>, ann, 7; then " has" ↔ "has"; " ann" stays unmatched (teacher "ann" is taken); eos ↔ eos
        Assert.Equal([(0, 0), (1, 2), (3, 3), (4, 4), (5, 1)], match.StudentIds.Zip(match.TeacherIds));
    }
}
