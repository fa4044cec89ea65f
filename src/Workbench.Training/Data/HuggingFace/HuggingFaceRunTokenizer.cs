using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// A Hugging Face model folder's tokenizer (<see cref="HuggingFaceTokenizer"/>) as a run's tokenizer: pieces of text are
/// encoded without the specials the tokenizer would add, with each token's character range in the text, and samples are laid out
/// as <c>[bos] prefix prompt suffix answer eos</c> with the folder's <see cref="PromptFormat"/> (its chat template when it has one).
/// The id is a hash of the tokenizer file, so a teacher and a student that share a tokenizer agree on it.
/// </summary>
public sealed class HuggingFaceRunTokenizer : IRunTokenizer
{
    public const string IdPrefix = "hf-";

    private readonly Tokenizer _tokenizer;
    private readonly int _addedBefore, _addedAfter;    // ids the tokenizer adds to every encoding on its own (BOS/EOS templates)
    private readonly int[] _lead, _suffix;              // [bos] + prefix, and suffix: the same around every prompt

    private HuggingFaceRunTokenizer(Tokenizer tokenizer, string id, int vocabSize, int padId, int eosId, int? bosId, PromptFormat format)
    {
        _tokenizer = tokenizer;
        Id = id;
        VocabSize = vocabSize;
        PadId = padId;
        EosId = eosId;
        Format = format;
        (_addedBefore, _addedAfter) = AddedSpecials(tokenizer);
        // A template that writes the BOS text itself (Llama 2/3) gets no second one.
        var writesBos = bosId is { } bosToken && format.Prefix.Contains(tokenizer.Decode([bosToken]) ?? "\0", StringComparison.Ordinal);
        _lead = [.. (bosId is { } bos && !writesBos ? [bos] : Array.Empty<int>()), .. Encode(format.Prefix)];
        _suffix = Encode(format.Suffix);
    }

    public string Id { get; }
    public int VocabSize { get; }
    public int PadId { get; }
    public int EosId { get; }
    public PromptFormat Format { get; }

    /// <summary>
    /// The tokenizer of <paramref name="folder"/> for a model whose logits have <paramref name="modelVocabSize"/> columns.
    /// EOS is tokenizer_config.json's <c>eos_token</c> (else the tokenizer's own), padding its <c>pad_token</c> or else EOS; a BOS
    /// is written first unless the chat template writes its own.
    /// </summary>
    public static HuggingFaceRunTokenizer Load(string folder, int modelVocabSize, PromptFormat? format = null)
    {
        var tokenizer = HuggingFaceTokenizer.Load(folder);
        var config = ReadConfig(folder);
        int? Special(string key) => SpecialText(config?[key]) is { } text ? SingleId(tokenizer, text) : null;
        var eos = Special("eos_token") ?? OwnSpecial(tokenizer, bos: false)
                  ?? throw new NotSupportedException($"The tokenizer in '{folder}' defines no eos_token; a response needs an end.");
        var bos = Special("bos_token") ?? OwnSpecial(tokenizer, bos: true);
        var pad = Special("pad_token") ?? eos;
        var maxId = Math.Max(Math.Max(eos, pad), bos ?? 0);
        if (maxId >= modelVocabSize)
            throw new InvalidDataException($"The tokenizer in '{folder}' uses id {maxId}, but the model has only {modelVocabSize} vocabulary rows.");
        return new HuggingFaceRunTokenizer(tokenizer, IdOf(folder), modelVocabSize, pad, eos, bos, format ?? PromptFormat.Plain);
    }

    /// <summary>"hf-" and a hash of the folder's tokenizer file (tokenizer.json, else tokenizer.model).</summary>
    public static string IdOf(string folder)
    {
        var file = new[] { HuggingFaceTokenizer.JsonFileName, HuggingFaceTokenizer.SentencePieceFileName }
            .Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"'{folder}' has no {HuggingFaceTokenizer.JsonFileName} or {HuggingFaceTokenizer.SentencePieceFileName}.");
        return IdPrefix + Convert.ToHexStringLower(SHA256.HashData(SafeFolderFile.ReadAllBytes(file, SafeFolderFile.MaxTokenizerBytes)))[..16];
    }

    public int[] Encode(string text) => [.. EncodeWithOffsets(text).Ids];

    /// <summary>The ids of <paramref name="text"/> and each token's character range in it (clamped to the text).</summary>
    public (int[] Ids, CharSpan[] Offsets) EncodeWithOffsets(string text)
    {
        if (text.Length == 0) return ([], []);
        var all = _tokenizer.EncodeToTokens(text, out var normalized);
        var tokens = all.Skip(_addedBefore).Take(all.Count - _addedBefore - _addedAfter).ToList();
        // SentencePiece writes a dummy "▁" before the text: its ranges are one character to the right of the text's.
        var shift = normalized is not null && normalized.Length == text.Length + 1 ? 1 : 0;
        var offsets = tokens.Select(t =>
        {
            var start = Math.Clamp(t.Offset.Start.Value - shift, 0, text.Length);
            return new CharSpan(start, Math.Clamp(t.Offset.End.Value - shift, start, text.Length));
        }).ToArray();
        return ([.. tokens.Select(t => t.Id)], offsets);
    }

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids) ?? "";

    /// <summary>
    /// A sample as the model sees it: <c>[bos] prefix prompt suffix answer eos</c>, each part encoded on its own so the prompt's
    /// tokens and their character ranges in <paramref name="prompt"/> are exact (LeaF scores and prunes exactly those).
    /// </summary>
    public Data.ArithmeticProblem ToProblem(string prompt, string answer, string template, IReadOnlyList<CharSpan>? confounderSpans = null,
                                            string? distractor = null)
    {
        var (promptIds, offsets) = EncodeWithOffsets(prompt);
        int[] context = [.. _lead, .. promptIds, .. _suffix];
        return new Data.ArithmeticProblem(prompt, answer, template, [.. context, .. Encode(answer), EosId], context.Length,
                                          confounderSpans, distractor, offsets)
        {
            PromptStart = _lead.Length,
            PromptEnd = _lead.Length + promptIds.Length,
        };
    }

    // What the tokenizer adds around any text: the ids two different one-letter texts share at the start and at the end.
    private static (int Before, int After) AddedSpecials(Tokenizer tokenizer)
    {
        var a = tokenizer.EncodeToIds("a");
        var b = tokenizer.EncodeToIds("b");
        var before = a.Zip(b).TakeWhile(p => p.First == p.Second).Count();
        var after = a.Reverse().Zip(b.Reverse()).TakeWhile(p => p.First == p.Second).Count();
        return (before, Math.Min(after, Math.Max(0, a.Count - before - 1)));
    }

    private static JsonObject? ReadConfig(string folder)
    {
        var path = Path.Combine(folder, HuggingFaceTokenizer.ConfigFileName);
        return File.Exists(path) ? SafeFolderFile.ReadJson(path, SafeFolderFile.MaxTokenizerBytes) as JsonObject : null;
    }

    // tokenizer_config.json writes a special token as a string or as {"content": "..."}.
    private static string? SpecialText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject obj => obj["content"]?.GetValue<string>(),
        _ => null,
    };

    private static int? SingleId(Tokenizer tokenizer, string text)
    {
        var ids = tokenizer.EncodeToTokens(text, out _).Where(t => t.Offset.End.Value > t.Offset.Start.Value).Select(t => t.Id).ToList();
        return ids.Count == 1 ? ids[0] : null;
    }

    private static int? OwnSpecial(Tokenizer tokenizer, bool bos) => tokenizer switch
    {
        SentencePieceTokenizer sp => bos ? sp.BeginningOfSentenceId : sp.EndOfSentenceId,
        // A byte-level BPE adds its BOS (a TemplateProcessing post-processor) to every encoding, even of "".
        _ when bos && AddedSpecials(tokenizer).Before > 0 => tokenizer.EncodeToIds("a")[0],
        _ => null,
    };
}
