using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;

namespace Workbench.Training.Data;

/// <summary>
/// The word-level tokenizer of an imported dataset: text is cut into runs of word characters and single
/// punctuation marks (<c>\w+|[^\w\s]</c>, a surrogate pair kept whole), case kept, each piece one token of a
/// <see cref="WordTokenizer"/> built from the dataset's own text. The tokenizer id is a hash of the vocabulary,
/// so a teacher and a student trained on the same dataset record the same id, and any other vocabulary a different one.
/// </summary>
public static partial class TextDatasetTokenizer
{
    public const string IdPrefix = "text-words-";

    /// <summary>The pieces of <paramref name="text"/> with their character offsets.</summary>
    public static IReadOnlyList<TextDatasetToken> Pretokenize(string text) =>
        [.. Piece().Matches(text).Select(m => new TextDatasetToken(m.Value, m.Index, m.Index + m.Length))];

    /// <summary>
    /// A vocabulary of every piece in the prompts and completions of all splits, including splits added to the dataset
    /// later (so eval and out-of-distribution text has no &lt;unk&gt;; it only names tokens and teaches the model nothing).
    /// Adding a split with new words therefore changes the vocabulary and its id: checkpoints trained before it was added
    /// no longer match the dataset.
    /// </summary>
    public static WordTokenizer Build(IEnumerable<DatasetSample> samples)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            foreach (var token in Pretokenize(sample.Prompt)) words.Add(token.Text);
            foreach (var token in Pretokenize(sample.Completion)) words.Add(token.Text);
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', words)));
        return new WordTokenizer(IdPrefix + Convert.ToHexStringLower(hash)[..16], words);
    }

    public static int[] Encode(WordTokenizer tokenizer, IReadOnlyList<TextDatasetToken> tokens) =>
        [.. tokens.Select(t => tokenizer.IdOf(t.Text))];

    /// <summary>
    /// The tokens a character span touches, as a [first, last + 1) range of indices into <paramref name="tokens"/>;
    /// empty (start == end) when the span covers only whitespace.
    /// </summary>
    public static (int Start, int End) TokenRange(IReadOnlyList<TextDatasetToken> tokens, CharSpan span)
    {
        var start = 0;
        while (start < tokens.Count && tokens[start].End <= span.Start) start++;
        var end = start;
        while (end < tokens.Count && tokens[end].Start < span.End) end++;
        return (start, end);
    }

    [GeneratedRegex(@"\w+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\w\s]")]
    private static partial Regex Piece();
}
