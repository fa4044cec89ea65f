using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// One word problem as text and as the token sequence a model sees:
/// <c>&lt;bos&gt; prompt &lt;sep&gt; answer &lt;eos&gt;</c>.
/// </summary>
/// <remarks>
/// The prompt stays plain text (words and punctuation separated by single spaces, one token per word), so a
/// later change can insert distractor sentences and record character spans in <see cref="Prompt"/>: the
/// token index of a character offset is the number of spaces before it, plus one for &lt;bos&gt;.
/// </remarks>
/// <param name="Prompt">The question, e.g. "ann has 3 pens . she buys 5 more pens . how many pens does ann have ?".</param>
/// <param name="Answer">The gold answer text, e.g. "8".</param>
/// <param name="Template">Name of the template that produced it (e.g. "add_buys").</param>
/// <param name="TokenIds">The full sequence: &lt;bos&gt; prompt &lt;sep&gt; answer &lt;eos&gt;.</param>
/// <param name="AnswerStart">Index in <see cref="TokenIds"/> of the first answer token (just after &lt;sep&gt;).</param>
/// <param name="ConfounderSpans">
/// Gold spans of irrelevant text in <see cref="Prompt"/> (each a whole distractor sentence with its final ".", without the
/// separating space); null for datasets that have none.
/// </param>
/// <param name="PromptOffsets">
/// Character range of each prompt token in <see cref="Prompt"/>, for tokenizers that do not split on single spaces
/// (imported datasets); null means the prompt's space-separated words are its tokens.
/// </param>
/// <param name="Distractor">The number the distractor sentence mentions (e.g. "7"); null for datasets without one.</param>
public sealed record ArithmeticProblem(string Prompt, string Answer, string Template, int[] TokenIds, int AnswerStart,
                                       IReadOnlyList<CharSpan>? ConfounderSpans = null, string? Distractor = null,
                                       IReadOnlyList<CharSpan>? PromptOffsets = null)
{
    private readonly int? _promptEnd;

    /// <summary>
    /// Index in <see cref="TokenIds"/> of the first prompt token: 1 (after &lt;bos&gt;) for the built-in layout; after a chat
    /// template's opening tokens for a Hugging Face tokenizer.
    /// </summary>
    public int PromptStart { get; init; } = 1;

    /// <summary>Index just past the last prompt token; by default just before &lt;sep&gt; (<see cref="AnswerStart"/> − 1).</summary>
    public int PromptEnd { get => _promptEnd ?? AnswerStart - 1; init => _promptEnd = value; }

    /// <summary>
    /// The sample's short gold answer when it differs from its completion (an imported file's <c>answer</c>); null = the answer is
    /// taken from <see cref="Answer"/> by the run's answer rule (evaluation sets).
    /// </summary>
    public string? ShortAnswer { get; init; }

    /// <summary>Answer tokens plus &lt;eos&gt;: the targets the loss is computed on.</summary>
    public int TargetCount => TokenIds.Length - AnswerStart;

    /// <summary>The answer's tokens, without &lt;eos&gt;.</summary>
    public ReadOnlySpan<int> AnswerIds => TokenIds.AsSpan(AnswerStart, TokenIds.Length - AnswerStart - 1);

    /// <summary>&lt;bos&gt; prompt &lt;sep&gt;: what a model is given when asked to answer.</summary>
    public ReadOnlySpan<int> PromptIds => TokenIds.AsSpan(0, AnswerStart);
}
