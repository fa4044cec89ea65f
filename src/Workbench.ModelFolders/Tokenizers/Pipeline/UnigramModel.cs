using System.Text;
using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// SentencePiece's unigram language model (Kudo 2018) as the <c>tokenizers</c> library runs it: the segmentation of a
/// piece with the highest total log-probability (Viterbi over every vocabulary piece that matches), where a code point no
/// piece covers costs <c>min score − 10</c> and becomes the unknown token. Adjacent unknowns are fused; with byte_fallback
/// an unknown becomes its <c>&lt;0xAB&gt;</c> byte tokens instead.
/// </summary>
internal sealed class UnigramModel : ITokenModel
{
    private const double UnknownPenalty = 10.0;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Piece, double Score)> _pieces = [];
    private readonly int? _unknownId;
    private readonly bool _byteFallback;
    private readonly int _maxPieceLength;
    private readonly double _unknownScore;

    public UnigramModel(JsonNode model)
    {
        foreach (var entry in Items(model, "vocab"))
        {
            var piece = entry[0]!.GetValue<string>();
            _ids.TryAdd(piece, _pieces.Count);
            _pieces.Add((piece, entry[1]!.GetValue<double>()));
            _maxPieceLength = Math.Max(_maxPieceLength, piece.Length);
        }
        _unknownId = model["unk_id"] is JsonValue v && v.TryGetValue<int>(out var unk) ? unk : null;
        _byteFallback = Bool(model, "byte_fallback", false);
        _unknownScore = (_pieces.Count == 0 ? 0 : _pieces.Min(p => p.Score)) - UnknownPenalty;
    }

    public string? IdToToken(int id) => id >= 0 && id < _pieces.Count ? _pieces[id].Piece : null;

    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;

    public List<ModelToken> Tokenize(string piece)
    {
        var tokens = new List<ModelToken>();
        foreach (var (start, end) in Segment(piece))
        {
            var text = piece[start..end];
            if (_ids.TryGetValue(text, out var id)) { tokens.Add(new ModelToken(id, text, start, end)); continue; }
            if (_byteFallback && ByteTokens(text, start, end) is { } bytes) { tokens.AddRange(bytes); continue; }
            tokens.Add(new ModelToken(_unknownId ?? throw new InvalidDataException("tokenizer.json's Unigram has an unknown piece but no unk_id."),
                                      _pieces[_unknownId.Value].Piece, start, end));
        }
        return tokens;
    }

    // Best path by dynamic programming over code point boundaries; ties keep the first (shortest) candidate.
    private List<(int Start, int End)> Segment(string piece)
    {
        if (piece.Length == 0) return [];
        var best = new (double Score, int Start, int Id)[piece.Length + 1];
        for (var i = 1; i <= piece.Length; i++) best[i] = (0, -1, -1);
        for (var start = 0; start < piece.Length;)
        {
            var width = char.IsHighSurrogate(piece[start]) && start + 1 < piece.Length ? 2 : 1;
            if (start > 0 && best[start].Start < 0) { start += width; continue; }
            var scoreHere = best[start].Score;
            var coversCodePoint = false;
            for (var end = start + 1; end <= Math.Min(piece.Length, start + _maxPieceLength); end++)
            {
                if (!_ids.TryGetValue(piece[start..end], out var id)) continue;
                var candidate = _pieces[id].Score + scoreHere;
                if (best[end].Start < 0 || candidate > best[end].Score) best[end] = (candidate, start, id);
                if (end - start == width) coversCodePoint = true;
            }
            if (!coversCodePoint)
            {
                var candidate = _unknownScore + scoreHere;
                if (best[start + width].Start < 0 || candidate > best[start + width].Score) best[start + width] = (candidate, start, _unknownId ?? -2);
            }
            start += width;
        }

        // Walk back, fusing runs of unknowns into one piece.
        var pieces = new List<(int Start, int End)>();
        var fusedEnd = -1;
        for (var end = piece.Length; end > 0;)
        {
            var (_, start, id) = best[end];
            var isUnknown = _unknownId is { } unk && id == unk;
            if (isUnknown)
            {
                if (fusedEnd < 0) fusedEnd = end;
            }
            else
            {
                if (fusedEnd >= 0) { pieces.Add((end, fusedEnd)); fusedEnd = -1; }
                pieces.Add((start, end));
            }
            end = start;
        }
        if (fusedEnd >= 0) pieces.Add((0, fusedEnd));
        pieces.Reverse();
        return pieces;
    }

    private List<ModelToken>? ByteTokens(string text, int start, int end)
    {
        var tokens = new List<ModelToken>();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var name = $"<0x{b:X2}>";
            if (!_ids.TryGetValue(name, out var id)) return null;
            tokens.Add(new ModelToken(id, name, start, end));
        }
        return tokens;
    }
}
