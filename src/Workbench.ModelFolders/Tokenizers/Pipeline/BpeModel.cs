using System.Text;
using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// Byte-pair encoding as the <c>tokenizers</c> library runs it (Sennrich et al. 2016): a piece starts as its code points
/// (the continuing-subword prefix on all but the first, the end-of-word suffix on the last); one not in the vocabulary
/// becomes its <c>&lt;0xAB&gt;</c> byte tokens (byte_fallback) or the unknown token (fused when fuse_unk). Then the
/// adjacent pair with the lowest merge rank, leftmost first, is merged until no merge applies. With
/// <c>ignore_merges</c> (Llama 3) a piece that is itself in the vocabulary is taken whole.
/// </summary>
internal sealed class BpeModel : ITokenModel
{
    private const int MaxCacheEntries = 100_000;

    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _tokens = [];
    private readonly Dictionary<(int, int), (int Rank, int Id)> _merges = [];
    private readonly string? _unknown, _prefix, _suffix;
    private readonly bool _byteFallback, _fuseUnknown, _ignoreMerges;
    private readonly Dictionary<string, List<ModelToken>> _cache = new(StringComparer.Ordinal);

    public BpeModel(JsonNode model)
    {
        if (model["dropout"] is JsonValue dropout && dropout.TryGetValue<double>(out var p) && p > 0)
            throw new NotSupportedException($"tokenizer.json's BPE has dropout {p}, which is not supported (encoding would be random).");
        foreach (var (token, id) in (JsonObject)model["vocab"]!)
        {
            _vocab[token] = id!.GetValue<int>();
            _tokens[id.GetValue<int>()] = token;
        }
        (_unknown, _prefix, _suffix) = (String(model, "unk_token"), String(model, "continuing_subword_prefix"), String(model, "end_of_word_suffix"));
        (_byteFallback, _fuseUnknown, _ignoreMerges) = (Bool(model, "byte_fallback", false), Bool(model, "fuse_unk", false), Bool(model, "ignore_merges", false));

        var rank = 0;
        foreach (var merge in model["merges"] as JsonArray ?? [])
        {
            var (left, right) = merge is JsonArray pair
                ? (pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>())
                : merge!.GetValue<string>().Split(' ', 2) is [var l, var r] ? (l, r) : throw new InvalidDataException($"tokenizer.json has a malformed merge '{merge}'.");
            var merged = left + (_prefix is not null && right.StartsWith(_prefix, StringComparison.Ordinal) ? right[_prefix.Length..] : right);
            if (!_vocab.TryGetValue(left, out var a) || !_vocab.TryGetValue(right, out var b) || !_vocab.TryGetValue(merged, out var id))
                throw new InvalidDataException($"tokenizer.json's merge '{left} {right}' uses a token that is not in the vocabulary.");
            _merges[(a, b)] = (rank++, id);                                    // a repeated pair keeps its last rank, as the library's map does
        }
    }

    public string? IdToToken(int id) => _tokens.GetValueOrDefault(id);

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out var id) ? id : null;

    public List<ModelToken> Tokenize(string piece)
    {
        if (piece.Length == 0) return [];
        if (_ignoreMerges && _vocab.TryGetValue(piece, out var whole)) return [new ModelToken(whole, piece, 0, piece.Length)];
        if (_cache.TryGetValue(piece, out var cached)) return cached;
        var tokens = Merge(Symbols(piece));
        if (_cache.Count < MaxCacheEntries) _cache[piece] = tokens;
        return tokens;
    }

    private List<Symbol> Symbols(string piece)
    {
        var symbols = new List<Symbol>();
        Symbol? unknown = null;
        for (var i = 0; i < piece.Length;)
        {
            var width = Rune.GetRuneAt(piece, i).Utf16SequenceLength;
            var text = piece.Substring(i, width);
            var isFirst = i == 0;
            i += width;
            var key = (isFirst || _prefix is null ? "" : _prefix) + text + (i == piece.Length && _suffix is not null ? _suffix : "");
            if (_vocab.TryGetValue(key, out var id))
            {
                if (unknown is { } u) { symbols.Add(u); unknown = null; }
                symbols.Add(new Symbol(id, i - width, i));
                continue;
            }
            if (_byteFallback && ByteTokens(key) is { } bytes)
            {
                if (unknown is { } u) { symbols.Add(u); unknown = null; }
                symbols.AddRange(bytes.Select(b => new Symbol(b, i - width, i)));
                continue;
            }
            if (_unknown is null) continue;                                   // no unknown token: the character is dropped
            var unk = _vocab[_unknown];
            if (unknown is { } open && _fuseUnknown) unknown = open with { End = i };
            else
            {
                if (unknown is { } previous) symbols.Add(previous);
                unknown = new Symbol(unk, i - width, i);
            }
        }
        if (unknown is { } last) symbols.Add(last);
        return symbols;
    }

    private List<int>? ByteTokens(string text)
    {
        var ids = new List<int>();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (!_vocab.TryGetValue($"<0x{b:X2}>", out var id)) return null;
            ids.Add(id);
        }
        return ids;
    }

    // Lowest rank first, leftmost among equal ranks: the order of the library's priority queue.
    private List<ModelToken> Merge(List<Symbol> symbols)
    {
        while (true)
        {
            var (bestAt, bestRank, bestId) = (-1, int.MaxValue, 0);
            for (var i = 0; i + 1 < symbols.Count; i++)
                if (_merges.TryGetValue((symbols[i].Id, symbols[i + 1].Id), out var merge) && merge.Rank < bestRank)
                    (bestAt, bestRank, bestId) = (i, merge.Rank, merge.Id);
            if (bestAt < 0) break;
            symbols[bestAt] = new Symbol(bestId, symbols[bestAt].Start, symbols[bestAt + 1].End);
            symbols.RemoveAt(bestAt + 1);
        }
        return [.. symbols.Select(s => new ModelToken(s.Id, _tokens[s.Id], s.Start, s.End))];
    }

    private readonly record struct Symbol(int Id, int Start, int End);
}
