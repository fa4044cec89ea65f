using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// The pre-tokenizers of tokenizer.json, with the <c>tokenizers</c> library's semantics: each takes the pieces so far and
/// splits them further. Sequence, ByteLevel, Split, Metaspace, Whitespace, WhitespaceSplit, BertPreTokenizer, Punctuation
/// and Digits are supported; regexes match over code points (<see cref="CodePointRegex"/>).
/// </summary>
internal static class PreTokenizers
{
    // GPT-2's split, which ByteLevel applies when use_regex is true.
    private static readonly CodePointRegex s_gpt2 = new(Gpt2PreTokenizer.Pattern);
    private static readonly CodePointRegex s_whitespace = new(@"\w+|[^\w\s]+");

    public static Func<List<AlignedText>, List<AlignedText>>? Create(JsonNode? node)
    {
        if (node is null) return null;
        switch (Type(node))
        {
            case "Sequence":
                var steps = Items(node, "pretokenizers").Select(n => Create(n)!).ToList();
                return pieces => steps.Aggregate(pieces, (p, step) => step(p));
            case "ByteLevel":
                var addPrefixSpace = Bool(node, "add_prefix_space", true);
                var useRegex = Bool(node, "use_regex", true);
                return pieces => pieces.SelectMany(piece =>
                {
                    if (addPrefixSpace && !piece.Text.StartsWith(' ')) piece = piece.Prepend(" ");
                    var words = useRegex ? SplitPiece(piece, s_gpt2.Matches(piece.Text), "Isolated") : [piece];
                    return words.Select(ToBytes);
                }).ToList();
            case "Split":
                var pattern = Pattern(node["pattern"], "Split pre-tokenizer");
                var behavior = String(node, "behavior") ?? "Isolated";
                var invert = Bool(node, "invert", false);
                return pieces => pieces.SelectMany(p => SplitPiece(p, pattern.Matches(p.Text), behavior, invert)).ToList();
            case "Metaspace":
                return Metaspace(node);
            case "Whitespace":
                return pieces => pieces.SelectMany(p => SplitPiece(p, s_whitespace.Matches(p.Text), "Removed", invert: true)).ToList();
            case "WhitespaceSplit":
                return pieces => pieces.SelectMany(p => SplitPiece(p, CharMatches(p.Text, Rune.IsWhiteSpace), "Removed")).ToList();
            case "BertPreTokenizer":
                return pieces => pieces
                    .SelectMany(p => SplitPiece(p, CharMatches(p.Text, Rune.IsWhiteSpace), "Removed"))
                    .SelectMany(p => SplitPiece(p, CharMatches(p.Text, IsBertPunctuation), "Isolated")).ToList();
            case "Punctuation":
                var punctuation = String(node, "behavior") ?? "Isolated";
                return pieces => pieces.SelectMany(p => SplitPiece(p, CharMatches(p.Text, IsBertPunctuation), punctuation)).ToList();
            case "Digits":
                var individual = Bool(node, "individual_digits", false);
                return pieces => pieces.SelectMany(p => SplitPiece(p, CharMatches(p.Text, Rune.IsNumber), individual ? "Isolated" : "Contiguous")).ToList();
            default:
                throw Unsupported("pre-tokenizer", node);
        }
    }

    // Spaces become the replacement; a replacement is prepended always, or only to the piece at the very start ("first");
    // with split, each replacement starts a new piece.
    private static Func<List<AlignedText>, List<AlignedText>> Metaspace(JsonNode node)
    {
        var replacement = String(node, "replacement") ?? "▁";
        var scheme = String(node, "prepend_scheme") ?? (Bool(node, "add_prefix_space", true) ? "always" : "never");
        var split = Bool(node, "split", true);
        var separator = new CodePointRegex(System.Text.RegularExpressions.Regex.Escape(replacement));
        return pieces => pieces.SelectMany(piece =>
        {
            var text = piece.Replace(CharMatches(piece.Text, r => r.Value == ' '), _ => replacement);
            var prepend = scheme == "always" || (scheme == "first" && text.Origin == 0);
            if (prepend && !text.Text.StartsWith(replacement, StringComparison.Ordinal)) text = text.Prepend(replacement);
            return split ? SplitPiece(text, separator.Matches(text.Text), "MergedWithNext") : [text];
        }).ToList();
    }

    /// <summary>Each code point written as its UTF-8 bytes in GPT-2's byte alphabet, every byte aligned to its code point.</summary>
    private static AlignedText ToBytes(AlignedText piece) =>
        piece.MapCodePoints((r, _) => ByteLevelAlphabet.Encode(r.ToString()));

    private static List<(int Start, int End)> CharMatches(string text, Func<Rune, bool> predicate)
    {
        var matches = new List<(int, int)>();
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.TryGetRuneAt(text, i, out var r) ? r : Rune.ReplacementChar;
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            if (predicate(rune)) matches.Add((i, i + width));
            i += width;
        }
        return matches;
    }

    // ASCII punctuation and symbols, and any Unicode punctuation.
    private static bool IsBertPunctuation(Rune r) => r.Value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>
    /// The library's NormalizedString::split: the matches and the text between them, combined by <paramref name="behavior"/>
    /// (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous); empty pieces are dropped.
    /// </summary>
    public static List<AlignedText> SplitPiece(AlignedText piece, List<(int Start, int End)> matches, string behavior, bool invert = false)
    {
        var spans = new List<(int Start, int End, bool IsMatch)>();
        var previous = 0;
        foreach (var (start, end) in matches)
        {
            if (end == start) continue;
            if (previous != start) spans.Add((previous, start, invert));
            spans.Add((start, end, !invert));
            previous = end;
        }
        if (previous != piece.Length) spans.Add((previous, piece.Length, invert));

        var kept = new List<(int Start, int End)>();
        switch (behavior)
        {
            case "Removed":
                kept.AddRange(spans.Where(s => !s.IsMatch).Select(s => (s.Start, s.End)));
                break;
            case "Isolated":
                kept.AddRange(spans.Select(s => (s.Start, s.End)));
                break;
            case "MergedWithPrevious":
            {
                var previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.IsMatch && !previousMatch && kept.Count > 0) kept[^1] = (kept[^1].Start, s.End);
                    else kept.Add((s.Start, s.End));
                    previousMatch = s.IsMatch;
                }
                break;
            }
            case "MergedWithNext":
            {
                var previousMatch = false;
                for (var i = spans.Count - 1; i >= 0; i--)
                {
                    var s = spans[i];
                    if (s.IsMatch && !previousMatch && kept.Count > 0) kept[^1] = (s.Start, kept[^1].End);
                    else kept.Add((s.Start, s.End));
                    previousMatch = s.IsMatch;
                }
                kept.Reverse();
                break;
            }
            case "Contiguous":
            {
                var previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.IsMatch == previousMatch && kept.Count > 0) kept[^1] = (kept[^1].Start, s.End);
                    else kept.Add((s.Start, s.End));
                    previousMatch = s.IsMatch;
                }
                break;
            }
            default:
                throw new NotSupportedException($"tokenizer.json has a split behavior '{behavior}', which is not supported.");
        }
        return [.. kept.Where(k => k.End > k.Start).Select(k => piece.Slice(k.Start, k.End))];
    }
}
