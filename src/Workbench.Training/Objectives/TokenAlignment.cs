using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Which target positions of a batch correspond between two tokenizations of the same samples (docs/objectives-cross-tokenizer.md),
/// as row indices into the flattened logits (B·T_S, V_S) and (B·T_T, V_T):
/// <list type="bullet">
/// <item><b>Pairs</b> (ULD, Boizard et al. 2024): the k-th target of the student with the k-th target of the teacher, for k below the
/// shorter of the two answers.</item>
/// <item><b>Groups</b> (span alignment): runs of consecutive targets on each side that cover the same characters of the answer. A
/// group's distribution is its first position's, times the probabilities of the group's later tokens (<see cref="StudentMembers"/>,
/// their ids and the group each belongs to).</item>
/// </list>
/// <see cref="Vocabulary"/> pairs the ids whose token strings match. All tensors are int64 on the batch's device; dispose with the batch.
/// </summary>
public sealed class TokenAlignment : IDisposable
{
    public required Tensor PairStudentRows { get; init; }     // (M)
    public required Tensor PairTeacherRows { get; init; }     // (M)
    public required Tensor GroupStudentRows { get; init; }    // (G) first position of each group
    public required Tensor GroupTeacherRows { get; init; }    // (G)
    public required GroupMembers StudentMembers { get; init; }
    public required GroupMembers TeacherMembers { get; init; }
    public required VocabularyMatch Vocabulary { get; init; }

    public long Pairs => PairStudentRows.shape[0];
    public long Groups => GroupStudentRows.shape[0];

    public void Dispose()
    {
        foreach (var t in new[] { PairStudentRows, PairTeacherRows, GroupStudentRows, GroupTeacherRows }) t.Dispose();
        StudentMembers.Dispose();
        TeacherMembers.Dispose();
    }

    /// <summary>
    /// The later positions of multi-token groups on one side: their flat rows (N), the token each predicts (N) and the group
    /// it belongs to (N), all int64.
    /// </summary>
    public sealed record GroupMembers(Tensor Rows, Tensor Tokens, Tensor Group) : IDisposable
    {
        public void Dispose()
        {
            Rows.Dispose();
            Tokens.Dispose();
            Group.Dispose();
        }
    }

    /// <summary>
    /// Builds the tensors from per-sample groups of target indices. Target k of a sample with answer start a is predicted by the
    /// logits at position a − 1 + k, i.e. row b·T + a − 1 + k, and is the token ids[a + k].
    /// </summary>
    /// <param name="samples">Per sample: the student's and the teacher's token ids and answer starts, and the span groups.</param>
    /// <param name="studentLength">T_S, the student batch's padded length.</param>
    /// <param name="teacherLength">T_T, the teacher batch's padded length.</param>
    public static TokenAlignment Build(IReadOnlyList<AlignedSample> samples, long studentLength, long teacherLength,
                                       VocabularyMatch vocabulary, Device? device = null)
    {
        List<long> pairS = [], pairT = [], groupS = [], groupT = [];
        List<long> memberRowsS = [], memberTokensS = [], memberGroupS = [];
        List<long> memberRowsT = [], memberTokensT = [], memberGroupT = [];
        for (var b = 0; b < samples.Count; b++)
        {
            var sample = samples[b];
            long RowS(int k) => b * studentLength + sample.StudentAnswerStart - 1 + k;
            long RowT(int k) => b * teacherLength + sample.TeacherAnswerStart - 1 + k;
            var paired = Math.Min(sample.StudentTargets, sample.TeacherTargets);
            for (var k = 0; k < paired; k++)
            {
                pairS.Add(RowS(k));
                pairT.Add(RowT(k));
            }
            foreach (var (student, teacher) in sample.Groups)
            {
                if (student.Length == 0 || teacher.Length == 0) continue;   // a side with no token for these characters: nothing to compare
                var g = groupS.Count;
                groupS.Add(RowS(student[0]));
                groupT.Add(RowT(teacher[0]));
                foreach (var k in student.Skip(1))
                {
                    memberRowsS.Add(RowS(k));
                    memberTokensS.Add(sample.StudentIds[sample.StudentAnswerStart + k]);
                    memberGroupS.Add(g);
                }
                foreach (var k in teacher.Skip(1))
                {
                    memberRowsT.Add(RowT(k));
                    memberTokensT.Add(sample.TeacherIds[sample.TeacherAnswerStart + k]);
                    memberGroupT.Add(g);
                }
            }
        }
        Tensor Ids(List<long> values) => tensor(values.ToArray(), [values.Count], dtype: ScalarType.Int64, device: device);
        return new TokenAlignment
        {
            PairStudentRows = Ids(pairS),
            PairTeacherRows = Ids(pairT),
            GroupStudentRows = Ids(groupS),
            GroupTeacherRows = Ids(groupT),
            StudentMembers = new GroupMembers(Ids(memberRowsS), Ids(memberTokensS), Ids(memberGroupS)),
            TeacherMembers = new GroupMembers(Ids(memberRowsT), Ids(memberTokensT), Ids(memberGroupT)),
            Vocabulary = vocabulary,
        };
    }
}
