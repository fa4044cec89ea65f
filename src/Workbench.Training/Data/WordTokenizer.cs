using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// A fixed word-level vocabulary: text is lower-case words and punctuation separated by single spaces, and
/// each word is one token. Ids are assigned deterministically: the specials, then the numbers 0..199, then
/// the remaining words in ordinal order, then reserved slots up to a multiple of 8.
/// </summary>
public sealed class WordTokenizer : IRunTokenizer
{
    public const string Pad = "<pad>";
    public const string Bos = "<bos>";
    public const string Sep = "<sep>";
    public const string Eos = "<eos>";
    public const string Unk = "<unk>";
    public const int LargestNumber = 199;

    /// <summary>Identifies <see cref="ForArithmetic"/>'s vocabulary; stored in checkpoints.</summary>
    public const string ArithmeticId = "arithmetic-words-v1";

    /// <summary>Identifies <see cref="ForDistractor"/>'s vocabulary (arithmetic plus distractor words); stored in checkpoints.</summary>
    public const string DistractorId = "distractor-words-v1";

    private static readonly Lazy<WordTokenizer> s_arithmetic =
        new(() => new WordTokenizer(ArithmeticId, ArithmeticProblems.Words));

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    /// <param name="id">Name recorded in checkpoints; two tokenizers with the same id must map ids identically.</param>
    /// <param name="words">Words besides the specials and numbers; order and duplicates do not matter.</param>
    public WordTokenizer(string id, IEnumerable<string> words)
    {
        Id = id;
        var numbers = Enumerable.Range(0, LargestNumber + 1).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new List<string> { Pad, Bos, Sep, Eos, Unk };
        tokens.AddRange(numbers);
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var word in words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (word.Length == 0 || word.Contains(' ')) throw new ArgumentException($"'{word}' is not a single word.", nameof(words));
            if (known.Add(word)) tokens.Add(word);
        }
        UsedCount = tokens.Count;
        // Padded to a multiple of 8 (nanoGPT pads to 64 "for efficiency"); the reserved slots never occur in text.
        while (tokens.Count % 8 != 0) tokens.Add($"<reserved{tokens.Count - UsedCount}>");
        _tokens = [.. tokens];
        _ids = _tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>The vocabulary of the built-in arithmetic dataset.</summary>
    public static WordTokenizer ForArithmetic() => s_arithmetic.Value;

    /// <summary>The vocabulary of the built-in distractor datasets.</summary>
    public static WordTokenizer ForDistractor() => DistractorProblems.CreateTokenizer();

    public string Id { get; }
    /// <summary>Vocabulary size V including the reserved slots (a multiple of 8).</summary>
    public int VocabSize => _tokens.Length;
    /// <summary>Tokens that can actually occur (everything before the reserved slots).</summary>
    public int UsedCount { get; }

    public int PadId => 0;
    public int BosId => 1;
    public int SepId => 2;
    public int EosId => 3;
    public int UnkId => 4;

    /// <summary>Ids of the space-separated words of <paramref name="text"/>; unknown words become &lt;unk&gt;.</summary>
    public int[] Encode(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => _ids.GetValueOrDefault(w, UnkId))];

    /// <summary>
    /// Like <see cref="Encode"/>, and also the character range of each token in <paramref name="text"/>, so a span of
    /// the text (a distractor sentence) can be mapped to the tokens a model sees.
    /// </summary>
    public TokenizedText EncodeWithOffsets(string text)
    {
        var offsets = WordOffsets(text);
        return new TokenizedText([.. offsets.Select(o => _ids.GetValueOrDefault(text[o.Start..o.End], UnkId))], offsets);
    }

    /// <summary>Character ranges of the space-separated words of <paramref name="text"/>: this tokenizer's tokens.</summary>
    public static CharSpan[] WordOffsets(string text)
    {
        var offsets = new List<CharSpan>();
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == ' ') { i++; continue; }
            var end = text.IndexOf(' ', i);
            if (end < 0) end = text.Length;
            offsets.Add(new CharSpan(i, end));
            i = end;
        }
        return [.. offsets];
    }

    /// <summary>The words of <paramref name="ids"/> joined by spaces (specials included, as written).</summary>
    public string Decode(IEnumerable<int> ids) => string.Join(' ', ids.Select(TokenOf));

    public string TokenOf(int id) =>
        id >= 0 && id < _tokens.Length ? _tokens[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id must be below {_tokens.Length}.");

    public int IdOf(string token) => _ids.GetValueOrDefault(token, UnkId);
}
