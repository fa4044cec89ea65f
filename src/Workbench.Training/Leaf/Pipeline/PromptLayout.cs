using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Where the parts of a sample sit in its token sequence <c>&lt;bos&gt; prompt &lt;sep&gt; answer &lt;eos&gt;</c>: the scored
/// region (prompt tokens, positions 1 … AnswerStart − 2), the response and the prompt tokens' character offsets
/// (word tokens separated by single spaces, so offsets follow from the text).
/// </summary>
public sealed record PromptLayout(CharSpan[] Offsets, int[] PromptKeys, int[] ResponseQueries, int[] GoldKeys)
{
    /// <summary>First sequence position of the scored region (just after &lt;bos&gt;).</summary>
    public const int ScoredStart = 1;

    public static PromptLayout Of(ArithmeticProblem problem)
    {
        var offsets = problem.PromptOffsets is { } given ? [.. given] : WordOffsets(problem.Prompt);
        var promptKeys = Enumerable.Range(ScoredStart, offsets.Length).ToArray();
        // Standard alignment (leaf.md §4.2): the logits at t − 1 predict response token t.
        var queries = Enumerable.Range(problem.AnswerStart - 1, problem.TokenIds.Length - problem.AnswerStart).ToArray();
        var gold = problem.ConfounderSpans ?? [];
        var goldKeys = offsets.Select((o, i) => (o, i)).Where(x => gold.Any(g => x.o.Start < g.End && x.o.End > g.Start))
                              .Select(x => x.i + ScoredStart).ToArray();
        return new PromptLayout(offsets, promptKeys, queries, goldKeys);
    }

    /// <summary>Character ranges of the space-separated words of <paramref name="text"/>.</summary>
    public static CharSpan[] WordOffsets(string text)
    {
        var spans = new List<CharSpan>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isSpace = i == text.Length || text[i] == ' ';
            if (!isSpace && start < 0) start = i;
            else if (isSpace && start >= 0)
            {
                spans.Add(new CharSpan(start, i));
                start = -1;
            }
        }
        return [.. spans];
    }
}
