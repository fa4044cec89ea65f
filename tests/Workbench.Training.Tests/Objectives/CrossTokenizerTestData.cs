using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>Small hand-made alignments for the cross-tokenizer objectives.</summary>
internal static class CrossTokenizerTestData
{
    /// <summary>(1, T, V) logits whose softmax at each row is the given distribution (logits = log p).</summary>
    public static Tensor FromProbabilities(double[][] rows, ScalarType dtype = ScalarType.Float32)
    {
        var values = rows.SelectMany(r => r.Select(p => Math.Log(p))).ToArray();
        using var logits = tensor(values, [1, rows.Length, rows[0].Length], dtype: ScalarType.Float64);
        return logits.to(dtype);
    }

    /// <summary>
    /// One sample whose student answer is two tokens (ids 0, 2; targets predicted at rows 0 and 1) over the same characters as the
    /// teacher's one token (id 1, row 0): one group ([0, 1], [0]), and one ULD pair (row 0, row 0).
    /// </summary>
    public static TokenAlignment TwoStudentTokensOneTeacherToken(VocabularyMatch vocabulary) =>
        TokenAlignment.Build([new AlignedSample([0, 0, 2], 1, [0, 1], 1, [([0, 1], [0])])], studentLength: 3, teacherLength: 2, vocabulary);

    /// <summary>
    /// Two samples over (2, 4, V) logits: the first with student targets 0..2 and teacher targets 0..1 grouped ([0, 1], [0]), ([2], [1]);
    /// the second with two targets each, grouped one to one.
    /// </summary>
    public static TokenAlignment TwoSamples(VocabularyMatch vocabulary) =>
        TokenAlignment.Build(
        [
            new AlignedSample([5, 1, 2, 3], 1, [5, 0, 4], 1, [([0, 1], [0]), ([2], [1])]),
            new AlignedSample([5, 5, 1, 3], 2, [5, 5, 2, 4], 2, [([0], [0]), ([1], [1])]),
        ], studentLength: 4, teacherLength: 4, vocabulary);
}
