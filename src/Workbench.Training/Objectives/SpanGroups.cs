using Workbench.Experiments;

namespace Workbench.Training.Objectives;

/// <summary>
/// Aligns two tokenizations of the same text by their character spans (docs/objectives-cross-tokenizer.md §2.1): walk both
/// token lists, advancing the side whose current token ends earlier; a group closes where both sides end at the same character,
/// the places where the two tokenizers agree on a boundary. Tokens left over when one side runs out form a last group. Only the
/// ends matter, so one side counting a leading space into its tokens and the other not changes nothing.
/// </summary>
public static class SpanGroups
{
    /// <summary>Groups of token indices (student, teacher), in text order; every index of both sides is in exactly one group.</summary>
    public static IReadOnlyList<(int[] Student, int[] Teacher)> Align(IReadOnlyList<CharSpan> student, IReadOnlyList<CharSpan> teacher)
    {
        var groups = new List<(int[], int[])>();
        int s = 0, t = 0, sStart = 0, tStart = 0;
        while (s < student.Count && t < teacher.Count)
        {
            int sEnd = student[s].End, tEnd = teacher[t].End;
            if (sEnd < tEnd) s++;
            else if (sEnd > tEnd) t++;
            else
            {
                s++;
                t++;
                groups.Add((Range(sStart, s), Range(tStart, t)));
                (sStart, tStart) = (s, t);
            }
        }
        if (sStart < student.Count || tStart < teacher.Count)
            groups.Add((Range(sStart, student.Count), Range(tStart, teacher.Count)));
        return groups;
    }

    /// <summary>
    /// The character span of each target of a sample: its answer tokens' spans in the answer (<paramref name="answerOffsets"/>),
    /// then an empty span at the answer's end for each end token (EOS, a template's closing tokens).
    /// </summary>
    public static CharSpan[] TargetSpans(IReadOnlyList<CharSpan> answerOffsets, int answerLength, int targets)
    {
        var end = new CharSpan(answerLength, answerLength);
        return [.. Enumerable.Range(0, targets).Select(k => k < answerOffsets.Count ? answerOffsets[k] : end)];
    }

    private static int[] Range(int from, int to) => [.. Enumerable.Range(from, to - from)];
}
