using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Training.Data.Bpe;

/// <summary>
/// Writes a trained <see cref="ByteLevelBpe"/> as the tokenizer files of a Hugging Face model folder, in the format
/// transformers' <c>AutoTokenizer</c> reads: tokenizer.json (the <c>tokenizers</c> library's serialisation),
/// tokenizer_config.json with the ChatML template, special_tokens_map.json and generation_config.json. The
/// <see cref="ChatMl.SpecialTokens"/> follow the BPE ids. Same model, same bytes.
/// </summary>
public static class TokenizerFolderWriter
{
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string GenerationConfigFileName = "generation_config.json";

    // Non-ASCII token strings ("Ġpens") are written as UTF-8, as the tokenizers library writes them.
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The tokenizer's full size: BPE tokens plus the ChatML special tokens.</summary>
    public static int TotalVocabSize(ByteLevelBpe bpe) => bpe.Count + ChatMl.SpecialTokens.Count;

    /// <summary>Writes the four files into <paramref name="directory"/> (created if missing).</summary>
    public static void Write(string directory, ByteLevelBpe bpe, int modelMaxLength)
    {
        Directory.CreateDirectory(directory);
        WriteJson(directory, HuggingFaceTokenizer.JsonFileName, TokenizerJson(bpe));
        WriteJson(directory, HuggingFaceTokenizer.ConfigFileName, TokenizerConfig(bpe, modelMaxLength));
        WriteJson(directory, SpecialTokensMapFileName, SpecialTokensMap());
        WriteJson(directory, GenerationConfigFileName, GenerationConfig(bpe));
    }

    /// <summary>tokenizer.json: byte-level BPE with GPT-2's regex, no normaliser, ByteLevel decoder and post-processor.</summary>
    public static JsonObject TokenizerJson(ByteLevelBpe bpe)
    {
        var vocab = new JsonObject();
        for (var id = 0; id < bpe.Count; id++) vocab[bpe.Tokens[id]] = id;
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray([.. ChatMl.SpecialTokens.Select(t => (JsonNode)AddedToken(t, ChatMl.IdOf(t, bpe.Count)))]),
            ["normalizer"] = null,
            ["pre_tokenizer"] = ByteLevel(trimOffsets: true, useRegex: true),
            ["post_processor"] = ByteLevel(trimOffsets: false, useRegex: false),
            ["decoder"] = ByteLevel(trimOffsets: true, useRegex: true),
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
                ["merges"] = new JsonArray([.. bpe.Merges.Select(m => (JsonNode)JsonValue.Create($"{m.Left} {m.Right}"))]),
            },
        };
    }

    // Keys sorted, as transformers' save_pretrained writes them.
    private static JsonObject TokenizerConfig(ByteLevelBpe bpe, int modelMaxLength)
    {
        var decoder = new JsonObject();
        foreach (var token in ChatMl.SpecialTokens)
        {
            var entry = AddedToken(token, ChatMl.IdOf(token, bpe.Count));
            entry.Remove("id");
            decoder[ChatMl.IdOf(token, bpe.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)] = entry;
        }
        return new JsonObject
        {
            ["add_bos_token"] = false,
            ["add_prefix_space"] = false,
            ["added_tokens_decoder"] = decoder,
            ["additional_special_tokens"] = new JsonArray(ChatMl.ImStart, ChatMl.ImEnd),
            ["bos_token"] = null,
            ["chat_template"] = ChatMl.ChatTemplate,
            ["clean_up_tokenization_spaces"] = false,
            ["eos_token"] = ChatMl.ImEnd,
            ["errors"] = "replace",
            ["model_max_length"] = modelMaxLength,
            ["pad_token"] = ChatMl.EndOfText,
            ["split_special_tokens"] = false,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["unk_token"] = null,
        };
    }

    private static JsonObject SpecialTokensMap() => new()
    {
        ["additional_special_tokens"] = new JsonArray(ChatMl.ImStart, ChatMl.ImEnd),
        ["eos_token"] = TokenMap(ChatMl.ImEnd),
        ["pad_token"] = TokenMap(ChatMl.EndOfText),
    };

    // Greedy decoding by default: the demo task has one right answer. Generation stops at <|im_end|> or <|endoftext|>.
    private static JsonObject GenerationConfig(ByteLevelBpe bpe) => new()
    {
        ["bos_token_id"] = ChatMl.IdOf(ChatMl.EndOfText, bpe.Count),
        ["do_sample"] = false,
        ["eos_token_id"] = new JsonArray(ChatMl.IdOf(ChatMl.ImEnd, bpe.Count), ChatMl.IdOf(ChatMl.EndOfText, bpe.Count)),
        ["pad_token_id"] = ChatMl.IdOf(ChatMl.EndOfText, bpe.Count),
    };

    private static JsonObject AddedToken(string content, int id) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = true,
    };

    private static JsonObject TokenMap(string content) => new()
    {
        ["content"] = content,
        ["lstrip"] = false,
        ["normalized"] = false,
        ["rstrip"] = false,
        ["single_word"] = false,
    };

    private static JsonObject ByteLevel(bool trimOffsets, bool useRegex) => new()
    {
        ["type"] = "ByteLevel",
        ["add_prefix_space"] = false,
        ["trim_offsets"] = trimOffsets,
        ["use_regex"] = useRegex,
    };

    private static void WriteJson(string directory, string name, JsonObject json) =>
        File.WriteAllText(Path.Combine(directory, name), json.ToJsonString(s_json) + "\n");
}
