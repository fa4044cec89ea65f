using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Training.Data.Bpe;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// Small tokenizer.json files in the real formats of each model family (same parts, same options as the published
/// files; vocabularies trained on <see cref="Data.HuggingFace.Pipeline.ParityCorpus.Training"/>): Llama 3 (byte-level
/// BPE with ignore_merges), GPT-2, Qwen2, Llama 2 (SentencePiece BPE with byte fallback, legacy and Metaspace variants),
/// T5-style Unigram, Gemma-style Unigram with byte fallback, and BERT WordPiece.
/// </summary>
public static class TokenizerFamilies
{
    public const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static IReadOnlyList<string> Names { get; } = ["llama3", "gpt2", "qwen2", "llama2", "llama2-metaspace", "t5-unigram", "gemma-unigram", "bert"];

    /// <summary>The family's tokenizer.json and the added tokens to mix into the corpus.</summary>
    public static (JsonObject Json, IReadOnlyList<string> Specials) Create(string name) => name switch
    {
        "llama3" => (ByteLevelBpe(Llama3Pattern, ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|eot_id|>"], ignoreMerges: true,
                                  bos: "<|begin_of_text|>", nfc: false), ["<|start_header_id|>", "<|eot_id|>"]),
        "gpt2" => (ByteLevelBpe(null, ["<|endoftext|>"], ignoreMerges: false, bos: null, nfc: false), ["<|endoftext|>"]),
        "qwen2" => (ByteLevelBpe(Qwen2Pattern, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], ignoreMerges: false, bos: null, nfc: true),
                    ["<|im_start|>", "<|im_end|>"]),
        "llama2" => (SentencePieceBpe(metaspace: false), ["<s>", "</s>"]),
        "llama2-metaspace" => (SentencePieceBpe(metaspace: true), ["<s>", "</s>"]),
        "t5-unigram" => (Unigram(byteFallback: false), ["</s>", "<extra_id_0>"]),
        "gemma-unigram" => (Unigram(byteFallback: true), ["<start_of_turn>", "<end_of_turn>"]),
        "bert" => (Bert(), ["[SEP]", "[MASK]"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown family"),
    };

    private static JsonObject ByteLevelBpe(string? pattern, string[] specials, bool ignoreMerges, string? bos, bool nfc)
    {
        var split = new Regex(pattern ?? Gpt2PreTokenizer.Pattern);
        var words = ParityCorpusTraining().SelectMany(t => split.Matches(t).Select(m => ByteLevelAlphabet.Encode(m.Value).Select(c => c.ToString()).ToList()));
        var merges = FixtureBpeTrainer.Train(words, 400);
        var vocab = new JsonObject();
        foreach (var c in ByteLevelAlphabet.Characters.Order()) vocab[c.ToString()] = vocab.Count;
        foreach (var (l, r) in merges) vocab.TryAdd(l + r, vocab.Count);
        // Whole words that merges alone would not build: ignore_merges takes them whole, plain BPE splits them.
        foreach (var word in new[] { " quokkas", "quokka", " zebroids", "Ġ", "𝐀b", "😀😀" }) vocab.TryAdd(ByteLevelAlphabet.Encode(word), vocab.Count);
        var pre = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = pattern is null };
        var json = Skeleton(specials, vocab.Count);
        json["normalizer"] = nfc ? new JsonObject { ["type"] = "NFC" } : null;
        json["pre_tokenizer"] = pattern is null ? pre : new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                pre),
        };
        var byteLevelPost = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true };
        json["post_processor"] = bos is null ? byteLevelPost : new JsonObject
        {
            ["type"] = "Sequence",
            ["processors"] = new JsonArray(byteLevelPost, Template([bos], [], specials, vocab.Count)),
        };
        json["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true };
        json["model"] = new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
            ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = ignoreMerges, ["vocab"] = vocab,
            ["merges"] = new JsonArray([.. merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right))]),
        };
        return json;
    }

    // Llama 2 as converted by transformers: "▁" prepended and spaces replaced by the normalizer (legacy), or a Metaspace
    // pre-tokenizer that prepends only at the start of the text; BPE over code points with byte fallback.
    private static JsonObject SentencePieceBpe(bool metaspace)
    {
        var texts = ParityCorpusTraining().Select(t => "▁" + t.Replace(' ', '▁')).ToList();
        var symbols = texts.SelectMany(t => t.EnumerateRunes().Select(r => r.ToString())).Distinct().Order(StringComparer.Ordinal)
                           .Where(s => s is not ("东" or "京" or "😃" or "🎉")).ToList();   // a few characters left to byte fallback
        var words = texts.SelectMany(t => Regex.Split(t, "(?=▁)").Where(w => w.Length > 0)
                         .Select(w => w.EnumerateRunes().Select(r => r.ToString()).ToList()));
        var merges = FixtureBpeTrainer.Train(words.Select(w => w.Where(symbols.Contains).ToList()), 300);
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (var b = 0; b < 256; b++) vocab[$"<0x{b:X2}>"] = vocab.Count;
        foreach (var (l, r) in merges) vocab.TryAdd(l + r, vocab.Count);
        foreach (var s in symbols) vocab.TryAdd(s, vocab.Count);
        var json = Skeleton([], 0);
        json["added_tokens"] = new JsonArray(AddedToken("<unk>", 0), AddedToken("<s>", 1), AddedToken("</s>", 2));
        json["normalizer"] = metaspace ? null : new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
        };
        json["pre_tokenizer"] = metaspace ? new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = false } : null;
        json["post_processor"] = Template(["<s>"], [], ["<unk>", "<s>", "</s>"], 0, idOf: t => vocab[t]!.GetValue<int>());
        json["decoder"] = metaspace
            ? new JsonObject { ["type"] = "Sequence", ["decoders"] = new JsonArray(
                new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = false },
                new JsonObject { ["type"] = "ByteFallback" }, new JsonObject { ["type"] = "Fuse" }) }
            : new JsonObject { ["type"] = "Sequence", ["decoders"] = new JsonArray(
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                new JsonObject { ["type"] = "ByteFallback" }, new JsonObject { ["type"] = "Fuse" },
                new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }) };
        json["model"] = new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
            ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false, ["vocab"] = vocab,
            ["merges"] = new JsonArray([.. merges.Select(m => (JsonNode)$"{m.Left} {m.Right}")]),
        };
        return json;
    }

    // T5 (unknown pieces become <unk>) or Gemma-like (byte fallback); pieces are the training text's code points and its
    // frequent substrings, scored by log frequency as a unigram model's would be.
    private static JsonObject Unigram(bool byteFallback)
    {
        var texts = ParityCorpusTraining().Select(t => "▁" + Regex.Replace(t.Normalize(NormalizationForm.FormKC), @"\s+", " ").Replace(' ', '▁')).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            var runes = t.EnumerateRunes().Select(r => r.ToString()).ToList();
            for (var i = 0; i < runes.Count; i++)
                for (var n = 1; n <= 6 && i + n <= runes.Count; n++)
                {
                    var piece = string.Concat(runes.Skip(i).Take(n));
                    if (n > 1 && piece[1..].Contains('▁')) break;
                    counts[piece] = counts.GetValueOrDefault(piece) + 1;
                }
        }
        var specials = byteFallback ? new[] { "<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>" } : ["<pad>", "</s>", "<unk>", "<extra_id_0>"];
        var vocab = new JsonArray([.. specials.Select(s => (JsonNode)new JsonArray(s, 0.0))]);
        if (byteFallback) for (var b = 0; b < 256; b++) vocab.Add(new JsonArray($"<0x{b:X2}>", 0.0));
        var total = (double)counts.Values.Sum();
        foreach (var (piece, count) in counts.Where(c => c.Value > 1 || c.Key.Length <= 2).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
            if (piece is not ("东" or "😃" or "🎉"))
                vocab.Add(new JsonArray(piece, Math.Round(Math.Log(count / total) - 0.5 * piece.Length, 6)));
        var unkId = Array.IndexOf(specials, "<unk>");
        var json = Skeleton([], 0);
        json["added_tokens"] = new JsonArray([.. specials.Select((s, i) => (JsonNode)AddedToken(s, i))]);
        json["normalizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "NFKC" },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = " {2,}" }, ["content"] = " " }),
        };
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "WhitespaceSplit" },
                new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "always", ["split"] = true }),
        };
        var eos = byteFallback ? "<eos>" : "</s>";
        json["post_processor"] = Template([], [eos], specials, 0, idOf: t => Array.IndexOf(specials, t));
        json["decoder"] = byteFallback
            ? new JsonObject { ["type"] = "Sequence", ["decoders"] = new JsonArray(
                new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "always", ["split"] = true },
                new JsonObject { ["type"] = "ByteFallback" }, new JsonObject { ["type"] = "Fuse" }) }
            : new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "always", ["split"] = true };
        json["model"] = new JsonObject { ["type"] = "Unigram", ["unk_id"] = unkId, ["vocab"] = vocab, ["byte_fallback"] = byteFallback };
        return json;
    }

    // bert-base-uncased's pipeline: BertNormalizer (lowercase, accents stripped, CJK isolated), BertPreTokenizer,
    // WordPiece with ## continuations, [CLS] … [SEP].
    private static JsonObject Bert()
    {
        string[] specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        var vocab = new JsonObject();
        foreach (var s in specials) vocab[s] = vocab.Count;
        var words = ParityCorpusTraining()
            .SelectMany(t => Regex.Matches(StripAccents(t.ToLowerInvariant()), @"[\p{L}\p{N}]+|[^\s\p{L}\p{N}]").Select(m => m.Value)).ToList();
        foreach (var c in words.SelectMany(w => w.EnumerateRunes()).Select(r => r.ToString()).Distinct().Order(StringComparer.Ordinal))
        {
            if (c is "东" or "😃") continue;
            vocab.TryAdd(c, vocab.Count);
            vocab.TryAdd("##" + c, vocab.Count);
        }
        var merges = FixtureBpeTrainer.Train(words.Select(w => w.EnumerateRunes().Select((r, i) => (i == 0 ? "" : "##") + r).ToList()), 250);
        foreach (var (l, r) in merges) vocab.TryAdd(l + r[2..], vocab.Count);
        var json = Skeleton([], 0);
        json["added_tokens"] = new JsonArray([.. specials.Select((s, i) => (JsonNode)AddedToken(s, i))]);
        json["normalizer"] = new JsonObject
        {
            ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = true,
        };
        json["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" };
        json["post_processor"] = Template(["[CLS]"], ["[SEP]"], specials, 0, idOf: t => Array.IndexOf(specials, t));
        json["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true };
        json["model"] = new JsonObject
        {
            ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100, ["vocab"] = vocab,
        };
        return json;
    }

    private static string StripAccents(string s) =>
        string.Concat(s.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));

    private static IReadOnlyList<string> ParityCorpusTraining() => Data.HuggingFace.Pipeline.ParityCorpus.Training;

    // Added tokens after a vocabulary of vocabCount entries, in order.
    private static JsonObject Skeleton(string[] specials, int vocabCount) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = new JsonArray([.. specials.Select((s, i) => (JsonNode)AddedToken(s, vocabCount + i))]),
    };

    private static JsonObject AddedToken(string content, int id) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
    };

    private static JsonObject Template(string[] before, string[] after, IReadOnlyList<string> specials, int firstSpecialId, Func<string, int>? idOf = null)
    {
        idOf ??= t => firstSpecialId + specials.ToList().IndexOf(t);
        JsonNode Special(string t) => new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = t, ["type_id"] = 0 } };
        var single = new JsonArray([.. before.Select(Special), new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }, .. after.Select(Special)]);
        var pair = new JsonArray([.. before.Select(Special), new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }, .. after.Select(Special),
                                  new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } }, .. after.Select(Special)]);
        var map = new JsonObject();
        foreach (var t in before.Concat(after).Distinct()) map[t] = new JsonObject { ["id"] = t, ["ids"] = new JsonArray(idOf(t)), ["tokens"] = new JsonArray(t) };
        return new JsonObject { ["type"] = "TemplateProcessing", ["single"] = single, ["pair"] = pair, ["special_tokens"] = map };
    }
}
