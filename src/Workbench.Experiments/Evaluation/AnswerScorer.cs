namespace Workbench.Experiments.Evaluation;

/// <summary>
/// Scores one generated completion against a sample: the answer taken by the run's rule, whether it equals the gold answer, and
/// whether it equals a number written inside one of the prompt's gold confounder spans (copying the distractor).
/// </summary>
public sealed class AnswerScorer(AnswerExtractor extractor)
{
    public AnswerExtractor Extractor { get; } = extractor;

    /// <summary>The gold answer: the sample's own answer when it has one, else the answer extracted from its completion.</summary>
    public string Gold(string? answer, string completion) => answer ?? Extractor.Extract(completion);

    public AnswerScore Score(string generated, string gold, string prompt, IReadOnlyList<CharSpan>? spans)
    {
        var extracted = Extractor.Extract(generated);
        var normalized = AnswerNormalizer.Normalize(extracted);
        var copied = spans is { Count: > 0 } && normalized.Length > 0 && spans
            .Where(s => s.End <= prompt.Length)
            .SelectMany(s => AnswerExtractor.Numbers(prompt[s.Start..s.End]))
            .Any(n => AnswerNormalizer.Normalize(n) == normalized);
        return new AnswerScore(extracted, normalized == AnswerNormalizer.Normalize(gold), copied);
    }
}
