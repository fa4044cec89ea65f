using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// BERT's WordPiece (Schuster and Nakajima 2012; Devlin et al. 2019): greedy longest match from the left, pieces after the
/// first written with the continuing prefix (<c>##</c>). A word with no full segmentation, or longer than
/// max_input_chars_per_word code points, is the unknown token as a whole.
/// </summary>
internal sealed class WordPieceModel : ITokenModel
{
    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _tokens = [];
    private readonly string _unknown, _prefix;
    private readonly int _maxChars;

    public WordPieceModel(JsonNode model)
    {
        foreach (var (token, id) in (JsonObject)model["vocab"]!)
        {
            _vocab[token] = id!.GetValue<int>();
            _tokens[id.GetValue<int>()] = token;
        }
        _unknown = String(model, "unk_token") ?? "[UNK]";
        _prefix = String(model, "continuing_subword_prefix") ?? "##";
        _maxChars = Int(model, "max_input_chars_per_word", 100);
        if (!_vocab.ContainsKey(_unknown)) throw new InvalidDataException($"tokenizer.json's WordPiece unknown token '{_unknown}' is not in its vocabulary.");
    }

    public string? IdToToken(int id) => _tokens.GetValueOrDefault(id);

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out var id) ? id : null;

    public List<ModelToken> Tokenize(string word)
    {
        if (CodePoints(word) > _maxChars) return [Unknown(word)];
        var tokens = new List<ModelToken>();
        for (var start = 0; start < word.Length;)
        {
            ModelToken? found = null;
            for (var end = word.Length; end > start; end -= char.IsLowSurrogate(word[end - 1]) && end - 1 > start ? 2 : 1)
            {
                var piece = (start > 0 ? _prefix : "") + word[start..end];
                if (_vocab.TryGetValue(piece, out var id)) { found = new ModelToken(id, piece, start, end); break; }
            }
            if (found is not { } token) return [Unknown(word)];
            tokens.Add(token);
            start = token.End;
        }
        return tokens;
    }

    private ModelToken Unknown(string word) => new(_vocab[_unknown], _unknown, 0, word.Length);

    private static int CodePoints(string s) => s.EnumerateRunes().Count();
}
