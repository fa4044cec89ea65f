namespace Workbench.Training.Data;

/// <summary>Builds a sequence whose response starts with unsupervised context: &lt;bos&gt; prompt &lt;sep&gt; prefix remainder &lt;eos&gt;.</summary>
public static class ResponseProblems
{
    /// <summary>
    /// The problem with the response <paramref name="prefixIds"/> + <paramref name="remainderIds"/>; <c>AnswerStart</c> points at the
    /// remainder, so labels (<see cref="Batch.Collate"/>) supervise the remainder and &lt;eos&gt; only. Null when a token is unknown
    /// or the remainder is empty.
    /// </summary>
    public static ArithmeticProblem? With(ArithmeticProblem original, int[] prefixIds, int[] remainderIds, string remainder, IRunTokenizer tokenizer)
    {
        if (remainderIds.Length == 0) return null;
        if (tokenizer is WordTokenizer words && (prefixIds.Contains(words.UnkId) || remainderIds.Contains(words.UnkId))) return null;
        int[] context = [.. original.TokenIds.AsSpan(0, original.AnswerStart), .. prefixIds];
        return original with
        {
            Answer = remainder,
            TokenIds = [.. context, .. remainderIds, tokenizer.EosId],
            AnswerStart = context.Length,
            PromptEnd = original.PromptEnd,
        };
    }
}
