using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Where the parts of a sample sit in its token sequence <c>&lt;bos&gt; prompt &lt;sep&gt; answer &lt;eos&gt;</c>: the scored
/// region (prompt tokens, positions PromptStart … PromptEnd − 1), the response and the prompt tokens' character offsets
/// (given for imported datasets, otherwise the space-separated words).
/// </summary>
public sealed record PromptLayout(CharSpan[] Offsets, int[] PromptKeys, int[] ResponseQueries, int[] GoldKeys)
{
    public static PromptLayout Of(ArithmeticProblem problem)
    {
        var offsets = problem.PromptOffsets is { } given ? [.. given] : WordTokenizer.WordOffsets(problem.Prompt);
        var promptKeys = Enumerable.Range(problem.PromptStart, offsets.Length).ToArray();
        // Standard alignment (leaf.md §4.2): the logits at t − 1 predict response token t.
        var queries = Enumerable.Range(problem.AnswerStart - 1, problem.TokenIds.Length - problem.AnswerStart).ToArray();
        var gold = problem.ConfounderSpans ?? [];
        var goldKeys = offsets.Select((o, i) => (o, i)).Where(x => gold.Any(g => g.Overlaps(x.o)))
                              .Select(x => x.i + problem.PromptStart).ToArray();
        return new PromptLayout(offsets, promptKeys, queries, goldKeys);
    }
}
