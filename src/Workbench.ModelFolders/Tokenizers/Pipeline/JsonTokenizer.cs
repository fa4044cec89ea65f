using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// A tokenizer.json run the way Hugging Face's <c>tokenizers</c> library runs it: added tokens are cut out, the rest is
/// normalised, pre-tokenized and tokenized by the model (BPE, Unigram or WordPiece), and the post-processor's special
/// tokens go around it; decoding maps ids to token strings and runs the decoder. Every token keeps its range of the
/// original text (offsets are into the text passed in, not a normalised copy). Parts it does not reproduce are refused by
/// name when it is built.
/// </summary>
public sealed class JsonTokenizer : Tokenizer
{
    private readonly ITokenModel _model;
    private readonly AddedTokens _added;
    private readonly Func<AlignedText, AlignedText>? _normalizer;
    private readonly Func<List<AlignedText>, List<AlignedText>>? _preTokenizer;
    private readonly Func<List<string>, List<string>>? _decoder;
    private readonly PostProcessor _post;

    /// <exception cref="NotSupportedException">A part of the file that is not supported, named.</exception>
    public JsonTokenizer(JsonObject json)
    {
        var model = json["model"] ?? throw new InvalidDataException("tokenizer.json has no model.");
        ModelType = TokenizerParts.Type(model) ?? (model["merges"] is not null ? "BPE" : model["vocab"] is JsonArray ? "Unigram" : "WordPiece");
        _model = ModelType switch
        {
            "BPE" => new BpeModel(model),
            "Unigram" => new UnigramModel(model),
            "WordPiece" => new WordPieceModel(model),
            _ => throw new NotSupportedException($"tokenizer.json has a {ModelType} model; BPE, Unigram and WordPiece are supported."),
        };
        _normalizer = Normalizers.Create(json["normalizer"]);
        _preTokenizer = PreTokenizers.Create(json["pre_tokenizer"]);
        _decoder = Decoders.Create(json["decoder"]);
        _added = new AddedTokens(json, _normalizer);
        _post = PostProcessor.Create(json["post_processor"], TokenToId);
        IsByteLevel = json["pre_tokenizer"]?.ToJsonString().Contains("\"ByteLevel\"", StringComparison.Ordinal) ?? false;
        if (json["truncation"] is JsonObject) throw new NotSupportedException("tokenizer.json sets truncation, which is not supported.");
    }

    /// <summary>"BPE", "Unigram" or "WordPiece".</summary>
    public string ModelType { get; }

    /// <summary>Whether the pre-tokenizer writes text as GPT-2's byte characters (a ByteLevel step).</summary>
    public bool IsByteLevel { get; }

    /// <summary>The ids the post-processor puts before and after every encoding (BOS, [CLS], [SEP]).</summary>
    public IReadOnlyList<int> AddedBefore => [.. _post.Before.Select(t => t.Id)];

    public IReadOnlyList<int> AddedAfter => [.. _post.After.Select(t => t.Id)];

    /// <summary>The token string of <paramref name="id"/> (an added token's content, else the model's), or null.</summary>
    public string? IdToToken(int id) => _added.IdToToken(id) ?? _model.IdToToken(id);

    /// <summary>The id of the exact token string <paramref name="token"/>, or null.</summary>
    public int? TokenToId(string token) => _added.TokenToId(token) ?? _model.TokenToId(token);

    /// <summary>Ids and original ranges of <paramref name="text"/>, the post-processor's specials included (their range is empty).</summary>
    public List<EncodedToken> Encode(string text)
    {
        var tokens = new List<EncodedToken>();
        foreach (var (id, value) in _post.Before) tokens.Add(new EncodedToken(id, value, new Range(0, 0)));
        foreach (var (id, part) in _added.Split(AlignedText.Original(text, 0, text.Length), normalized: false))
        {
            if (id is { } added) { tokens.Add(Added(added, part)); continue; }
            var normalized = _normalizer is null ? part : _normalizer(part);
            foreach (var (normalizedId, piece) in _added.HasNormalized ? _added.Split(normalized, normalized: true) : [(null, normalized)])
            {
                if (normalizedId is { } n) { tokens.Add(Added(n, piece)); continue; }
                foreach (var word in _preTokenizer is null ? [piece] : _preTokenizer([piece]))
                    foreach (var token in _model.Tokenize(word.Text))
                    {
                        var (start, end) = word.OriginalRange(token.Start, token.End);
                        tokens.Add(new EncodedToken(token.Id, token.Value, new Range(start, end)));
                    }
            }
        }
        foreach (var (id, value) in _post.After) tokens.Add(new EncodedToken(id, value, new Range(text.Length, text.Length)));
        return tokens;
    }

    private EncodedToken Added(int id, AlignedText part)
    {
        var (start, end) = part.OriginalRange(0, part.Length);
        return new EncodedToken(id, IdToToken(id) ?? part.Text, new Range(start, end));
    }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var tokens = Encode(input);
        if (settings.MaxTokenCount < tokens.Count) tokens = tokens[..settings.MaxTokenCount];
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = input.Length };
    }

    /// <summary>The text of <paramref name="ids"/>: their token strings through the decoder (specials are kept).</summary>
    public override string Decode(IEnumerable<int> ids)
    {
        var tokens = ids.Select(IdToToken).OfType<string>().ToList();
        return _decoder is null ? string.Join(" ", tokens) : string.Concat(_decoder(tokens));
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var list = ids.ToList();
        var text = Decode(list);
        if (text.Length > destination.Length)
        {
            (idsConsumed, charsWritten) = (0, 0);
            return OperationStatus.DestinationTooSmall;
        }
        text.CopyTo(destination);
        (idsConsumed, charsWritten) = (list.Count, text.Length);
        return OperationStatus.Done;
    }
}
