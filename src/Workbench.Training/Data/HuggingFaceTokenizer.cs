using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Workbench.Training.Data;

/// <summary>
/// Loads the tokenizer of a Hugging Face model folder with Microsoft.ML.Tokenizers. Two formats work:
/// <list type="bullet">
/// <item><c>tokenizer.json</c> with a byte-level BPE model (GPT-2, Llama 3, Qwen2, SmolLM): a ByteLevel pre-tokenizer,
/// optionally after regex Splits, no normaliser or NFC, added tokens as specials, and a leading template token as BOS.</item>
/// <item><c>tokenizer.model</c>, a SentencePiece BPE model (Llama 2, TinyLlama, Mistral), through <see cref="LlamaTokenizer"/>;
/// <c>add_bos_token</c>/<c>add_eos_token</c> come from tokenizer_config.json.</item>
/// </list>
/// Anything else (Unigram or WordPiece models, a SentencePiece-style tokenizer.json without its tokenizer.model, other
/// normalisers or pre-tokenizers) gets a <see cref="NotSupportedException"/> saying what was found. BPE's
/// <c>ignore_merges</c> (Llama 3) is not honoured: a word that is itself a vocabulary entry is still built by merges,
/// which can split a few rare words differently from transformers.
/// </summary>
public static class HuggingFaceTokenizer
{
    public const string JsonFileName = "tokenizer.json";
    public const string SentencePieceFileName = "tokenizer.model";
    public const string ConfigFileName = "tokenizer_config.json";

    /// <summary>The files that make up a tokenizer (and generation defaults) in a model folder; copied when a model is saved.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        JsonFileName, SentencePieceFileName, ConfigFileName, "special_tokens_map.json", "added_tokens.json",
        "vocab.json", "merges.txt", "generation_config.json", "chat_template.jinja", "chat_template.json",
    ];

    // transformers' ByteLevel pre-tokenizer pattern (use_regex: true), from GPT-2.
    private const string Gpt2Pattern = Bpe.Gpt2PreTokenizer.Pattern;

    /// <summary>
    /// What <see cref="Load"/> would use, without building it: "byte-level BPE (tokenizer.json)",
    /// "SentencePiece BPE (tokenizer.model)", "unsupported: …", or null when the folder has no tokenizer file.
    /// </summary>
    public static string? DescribeFormat(string directory)
    {
        var (json, problem) = ReadJson(directory);
        if (json is not null && problem is null) return "byte-level BPE (tokenizer.json)";
        if (File.Exists(Path.Combine(directory, SentencePieceFileName))) return "SentencePiece BPE (tokenizer.model)";
        return problem is null ? null : "unsupported: " + problem;
    }

    /// <summary>The folder's tokenizer: tokenizer.json when it is byte-level BPE, else tokenizer.model.</summary>
    public static Tokenizer Load(string directory)
    {
        var (json, problem) = ReadJson(directory);
        if (json is not null && problem is null) return CreateByteLevelBpe(json);
        var sentencePiece = Path.Combine(directory, SentencePieceFileName);
        if (File.Exists(sentencePiece)) return CreateSentencePiece(directory, sentencePiece);
        throw new NotSupportedException(problem is null
            ? $"'{directory}' has no {JsonFileName} or {SentencePieceFileName}."
            : $"{problem}, and there is no {SentencePieceFileName} to fall back on.");
    }

    private static (JsonObject? Json, string? Problem) ReadJson(string directory)
    {
        var path = Path.Combine(directory, JsonFileName);
        if (!File.Exists(path)) return (null, null);
        var json = Checkpoints.SafeFolderFile.ReadJson(path, Checkpoints.SafeFolderFile.MaxTokenizerBytes) as JsonObject;
        return json is null ? (null, $"'{path}' is not a JSON object") : (json, ByteLevelBpeProblem(json, path));
    }

    // Null when the tokenizer.json is a byte-level BPE this loader can reproduce; otherwise what stands in the way.
    private static string? ByteLevelBpeProblem(JsonObject json, string path)
    {
        var modelType = json["model"]?["type"]?.GetValue<string>();
        if (modelType != "BPE") return $"'{path}' has a {modelType ?? "missing"} model; only BPE is supported";
        var steps = PreTokenizerSteps(json["pre_tokenizer"]);
        var byteLevel = steps.FirstOrDefault(s => Type(s) == "ByteLevel");
        if (byteLevel is null)
            return $"'{path}' is not byte-level BPE (pre-tokenizer {Type(json["pre_tokenizer"]) ?? "none"}); SentencePiece-style BPE needs {SentencePieceFileName}";
        if (byteLevel["add_prefix_space"]?.GetValue<bool>() == true) return $"'{path}' uses ByteLevel add_prefix_space, which is not supported";
        foreach (var step in steps)
        {
            if (Type(step) == "ByteLevel") continue;
            if (Type(step) != "Split") return $"'{path}' has a {Type(step)} pre-tokenizer, which is not supported";
            if (step["pattern"]?["Regex"] is null && step["pattern"]?["String"] is null) return $"'{path}' has a Split without a pattern";
            if (step["behavior"]?.GetValue<string>() != "Isolated" || step["invert"]?.GetValue<bool>() == true)
                return $"'{path}' has a Split with behavior {step["behavior"]} (invert {step["invert"]}); only Isolated is supported";
        }
        var normalizer = Type(json["normalizer"]);
        if (normalizer is not null and not "NFC") return $"'{path}' has a {normalizer} normalizer; only none or NFC are supported";
        return null;
    }

    private static Tokenizer CreateByteLevelBpe(JsonObject json)
    {
        var model = json["model"]!;
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in json["added_tokens"] as JsonArray ?? [])
            specials[token!["content"]!.GetValue<string>()] = token["id"]!.GetValue<int>();

        var patterns = new List<Regex>();
        foreach (var step in PreTokenizerSteps(json["pre_tokenizer"]))
        {
            if (Type(step) == "Split")
                patterns.Add(new Regex(step["pattern"]!["Regex"]?.GetValue<string>() ?? Regex.Escape(step["pattern"]!["String"]!.GetValue<string>()), RegexOptions.Compiled));
            else if (step["use_regex"]?.GetValue<bool>() ?? true)
                patterns.Add(new Regex(Gpt2Pattern, RegexOptions.Compiled));
        }
        PreTokenizer? preTokenizer = patterns.Count switch
        {
            0 => null,
            1 => new RegexPreTokenizer(patterns[0], specials),
            _ => new CompositePreTokenizer([.. patterns.Select(p => (PreTokenizer)new RegexPreTokenizer(p, specials))], specials),
        };

        var (bos, eos) = TemplateSpecialTokens(json["post_processor"]);
        var options = new BpeOptions(((JsonObject)model["vocab"]!).Select(kv => KeyValuePair.Create(kv.Key, kv.Value!.GetValue<int>())))
        {
            Merges = (model["merges"] as JsonArray ?? []).Select(m => m is JsonArray pair ? $"{pair[0]} {pair[1]}" : m!.GetValue<string>()),
            SpecialTokens = specials,
            PreTokenizer = preTokenizer,
            Normalizer = Type(json["normalizer"]) == "NFC" ? new NfcNormalizer() : null,
            ByteLevel = true,
            UnknownToken = model["unk_token"]?.GetValue<string>(),
            ContinuingSubwordPrefix = model["continuing_subword_prefix"]?.GetValue<string>(),
            EndOfWordSuffix = model["end_of_word_suffix"]?.GetValue<string>(),
            FuseUnknownTokens = model["fuse_unk"]?.GetValue<bool>() ?? false,
            BeginningOfSentenceToken = bos,
            EndOfSentenceToken = eos,
        };
        return BpeTokenizer.Create(options);
    }

    private static Tokenizer CreateSentencePiece(string directory, string modelPath)
    {
        var (addBos, addEos) = (true, false);          // LlamaTokenizer's defaults in transformers
        var configPath = Path.Combine(directory, ConfigFileName);
        if (File.Exists(configPath) && Checkpoints.SafeFolderFile.ReadJson(configPath, Checkpoints.SafeFolderFile.MaxTokenizerBytes) is JsonObject config)
        {
            addBos = config["add_bos_token"]?.GetValue<bool>() ?? addBos;
            addEos = config["add_eos_token"]?.GetValue<bool>() ?? addEos;
        }
        using var stream = new MemoryStream(Checkpoints.SafeFolderFile.ReadAllBytes(modelPath, Checkpoints.SafeFolderFile.MaxTokenizerBytes));
        return LlamaTokenizer.Create(stream, addBos, addEos);
    }

    // A TemplateProcessing "single" template (possibly inside a Sequence) that starts or ends with a special token
    // adds BOS or EOS to every encoding, as Llama 3's does with <|begin_of_text|>.
    private static (string? Bos, string? Eos) TemplateSpecialTokens(JsonNode? postProcessor)
    {
        var steps = Type(postProcessor) == "Sequence" ? (postProcessor!["processors"] as JsonArray ?? []).ToList() : [postProcessor];
        var template = steps.FirstOrDefault(s => Type(s) == "TemplateProcessing")?["single"] as JsonArray;
        if (template is not { Count: > 0 }) return (null, null);
        static string? Special(JsonNode? piece) => piece?["SpecialToken"]?["id"]?.GetValue<string>();
        return (Special(template[0]), template.Count > 1 ? Special(template[^1]) : null);
    }

    private static List<JsonNode> PreTokenizerSteps(JsonNode? node) => node is null ? []
        : Type(node) == "Sequence" ? [.. (node["pretokenizers"] as JsonArray ?? []).OfType<JsonNode>()]
        : [node];

    private static string? Type(JsonNode? node) => node?["type"]?.GetValue<string>();

    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

        public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
    }
}
