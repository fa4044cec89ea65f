using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Data;

/// <summary>
/// The training split in both tokenizations, for cross-tokenizer terms: the same problems in the same order, tokenised for the
/// student (the run's data) and for the teacher, with each problem's target groups (<see cref="SpanGroups"/>) computed once from
/// the character spans of its answer tokens on both sides, and the vocabulary pairs of the two tokenizers.
/// </summary>
public sealed class AlignedTeacherData
{
    private readonly IReadOnlyList<ArithmeticProblem> _student, _teacher;
    private readonly IReadOnlyList<(int[] Student, int[] Teacher)>[] _groups;
    private readonly int _teacherPadId;

    private AlignedTeacherData(IReadOnlyList<ArithmeticProblem> student, IReadOnlyList<ArithmeticProblem> teacher,
                               IReadOnlyList<(int[], int[])>[] groups, int teacherPadId, VocabularyMatch vocabulary)
    {
        (_student, _teacher, _groups, _teacherPadId, Vocabulary) = (student, teacher, groups, teacherPadId, vocabulary);
    }

    public VocabularyMatch Vocabulary { get; }

    /// <summary>Pairs the training splits of <paramref name="student"/> and <paramref name="teacher"/> (the same dataset, tokenised twice).</summary>
    /// <exception cref="InvalidOperationException">The splits do not hold the same problems.</exception>
    public static AlignedTeacherData Create(DatasetSplits student, DatasetSplits teacher)
    {
        if (student.Train.Count != teacher.Train.Count)
            throw new InvalidOperationException($"The student's training split has {student.Train.Count} problems and the teacher's {teacher.Train.Count}.");
        var groups = new IReadOnlyList<(int[], int[])>[student.Train.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            ArithmeticProblem s = student.Train[i], t = teacher.Train[i];
            if (s.Answer != t.Answer) throw new InvalidOperationException($"Problem {i} has answer '{s.Answer}' for the student and '{t.Answer}' for the teacher.");
            groups[i] = SpanGroups.Align(TargetSpans(s, student.OffsetsOf), TargetSpans(t, teacher.OffsetsOf));
        }
        var vocabulary = ReferenceEquals(student.Tokenizer, teacher.Tokenizer) || student.Tokenizer.Id == teacher.Tokenizer.Id
            ? Identity(student.Tokenizer.VocabSize)
            : VocabularyMatch.Between(student.Tokenizer, teacher.Tokenizer);
        return new AlignedTeacherData(student.Train, teacher.Train, groups, teacher.Tokenizer.PadId, vocabulary);
    }

    /// <summary><paramref name="batch"/> (collated from the student's split at <paramref name="indices"/>) with the teacher's view of the same problems.</summary>
    public Batch Attach(Batch batch, IReadOnlyList<int> indices, Device? device = null)
    {
        using var teacher = Batch.Collate([.. indices.Select(i => _teacher[i])], _teacherPadId, device);
        var samples = indices.Select(i => new AlignedSample(_student[i].TokenIds, _student[i].AnswerStart,
                                                            _teacher[i].TokenIds, _teacher[i].AnswerStart, _groups[i])).ToArray();
        var alignment = TokenAlignment.Build(samples, batch.InputIds.shape[1], teacher.InputIds.shape[1], Vocabulary, device);
        return batch.WithTeacher(new AlignedTeacherBatch(teacher.InputIds.alias(), alignment));
    }

    // The character span of each target (answer tokens, then the end tokens as empty spans at the answer's end).
    private static Workbench.Experiments.CharSpan[] TargetSpans(ArithmeticProblem problem, Func<string, Workbench.Experiments.CharSpan[]> offsetsOf) =>
        SpanGroups.TargetSpans(offsetsOf(problem.Answer), problem.Answer.Length, problem.TargetCount);

    private static VocabularyMatch Identity(int size) => new([.. Enumerable.Range(0, size)], [.. Enumerable.Range(0, size)]);
}
