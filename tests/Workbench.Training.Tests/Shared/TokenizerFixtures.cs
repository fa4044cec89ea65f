using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Workbench.Training.Tests.Shared;

/// <summary>Tiny tokenizer files written by hand: a Llama-3-style byte-level BPE tokenizer.json and a SentencePiece tokenizer.model.</summary>
public static class TokenizerFixtures
{
    public const int BeginOfText = 300;
    public const int EndOfText = 301;

    // Llama 3's pre-tokenizer split (tokenizer.json of Meta-Llama-3).
    private const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>
    /// Ids 0..255 are the 256 bytes in GPT-2's printable byte alphabet (space is 'Ġ'), then the merges' results, then
    /// the added tokens &lt;|begin_of_text|&gt; (300, prepended by the template) and &lt;|end_of_text|&gt; (301).
    /// </summary>
    public static string ByteLevel(bool bosTemplate = true, bool arrayMerges = false)
    {
        var vocab = new JsonObject();
        var alphabet = ByteAlphabet();
        for (var b = 0; b < 256; b++) vocab[alphabet[b].ToString()] = b;
        string[] merges = ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d"];
        foreach (var merge in merges) vocab[merge.Replace(" ", "")] = vocab.Count;
        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = BeginOfText, ["content"] = "<|begin_of_text|>", ["special"] = true },
                new JsonObject { ["id"] = EndOfText, ["content"] = "<|end_of_text|>", ["special"] = true }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = Llama3Pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
            },
            ["post_processor"] = bosTemplate
                ? new JsonObject
                {
                    ["type"] = "Sequence",
                    ["processors"] = new JsonArray(
                        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
                        new JsonObject
                        {
                            ["type"] = "TemplateProcessing",
                            ["single"] = new JsonArray(
                                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|begin_of_text|>", ["type_id"] = 0 } },
                                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                        }),
                }
                : null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = arrayMerges
                    ? new JsonArray([.. merges.Select(m => (JsonNode)new JsonArray(m.Split(' ')[0], m.Split(' ')[1]))])
                    : new JsonArray([.. merges.Select(m => (JsonNode)m)]),
            },
        };
        return json.ToJsonString();
    }

    /// <summary>A T5-style Unigram tokenizer.json whose normalizer is a SentencePiece Precompiled charsmap, which is not supported.</summary>
    public static string PrecompiledUnigram() =>
        """{"version":"1.0","added_tokens":[],"normalizer":{"type":"Sequence","normalizers":[{"type":"Precompiled","precompiled_charsmap":"AAAA"}]},"pre_tokenizer":{"type":"Metaspace","replacement":"▁"},"model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["▁a",-1.0]]}}""";

    /// <summary>A minimal Unigram tokenizer.json (Metaspace, no normalizer).</summary>
    public static string Unigram() =>
        """{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"Metaspace","replacement":"▁"},"model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["▁a",-1.0]]}}""";

    /// <summary>
    /// A SentencePiece BPE model (the protobuf of sentencepiece_model.proto) with pieces &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2,
    /// single characters, and merges scored so that "▁hello" and "▁world" form. Whitespace becomes '▁' and a '▁' is prepended.
    /// </summary>
    public static byte[] SentencePieceModel()
    {
        (string Piece, float Score, int Type)[] pieces =
        [
            ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3),                                        // UNKNOWN, CONTROL
            ("▁", -1, 1), ("h", -2, 1), ("e", -3, 1), ("l", -4, 1), ("o", -5, 1), ("w", -6, 1), ("r", -7, 1), ("d", -8, 1),
            ("ll", -9, 1), ("▁h", -10, 1), ("▁he", -11, 1), ("▁hell", -12, 1), ("▁hello", -13, 1),
            ("▁w", -14, 1), ("or", -15, 1), ("▁wor", -16, 1), ("▁worl", -17, 1), ("▁world", -18, 1),
        ];
        return Message(o =>
        {
            foreach (var (piece, score, type) in pieces)
                o.Field(1, Message(p => { p.String(1, piece); p.Float(2, score); p.Varint(3, type); }));
            o.Field(2, Message(t => { t.Varint(3, 2); t.Varint(40, 0); t.Varint(41, 1); t.Varint(42, 2); t.Varint(43, -1); }));   // trainer_spec: BPE, unk/bos/eos/pad ids
            o.Field(3, Message(n => { n.String(1, "identity"); n.Varint(3, 1); n.Varint(4, 0); n.Varint(5, 1); }));             // normalizer_spec: add_dummy_prefix, escape_whitespaces
        });
    }

    // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others map to 256 + n.
    private static char[] ByteAlphabet()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var result = new char[256];
        var n = 0;
        for (var b = 0; b < 256; b++) result[b] = printable.Contains(b) ? (char)b : (char)(256 + n++);
        return result;
    }

    private static byte[] Message(Action<ProtoWriter> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(new ProtoWriter(output));
        output.Flush();
        return stream.ToArray();
    }

    private sealed class ProtoWriter(CodedOutputStream o)
    {
        public void Field(int number, byte[] message) { o.WriteTag(number, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(message)); }
        public void String(int number, string value) { o.WriteTag(number, WireFormat.WireType.LengthDelimited); o.WriteString(value); }
        public void Float(int number, float value) { o.WriteTag(number, WireFormat.WireType.Fixed32); o.WriteFloat(value); }
        public void Varint(int number, int value) { o.WriteTag(number, WireFormat.WireType.Varint); o.WriteInt32(value); }
    }
}
