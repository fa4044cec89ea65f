namespace Workbench.Training.Objectives;

/// <summary>
/// One sample in both tokenizations: each side's full token ids and answer start (targets are ids[answerStart..], answer then end
/// tokens), and <paramref name="Groups"/>, the runs of target indices that cover the same characters (<see cref="SpanGroups"/>).
/// </summary>
public sealed record AlignedSample(int[] StudentIds, int StudentAnswerStart, int[] TeacherIds, int TeacherAnswerStart,
                                   IReadOnlyList<(int[] Student, int[] Teacher)> Groups)
{
    public int StudentTargets => StudentIds.Length - StudentAnswerStart;
    public int TeacherTargets => TeacherIds.Length - TeacherAnswerStart;
}
