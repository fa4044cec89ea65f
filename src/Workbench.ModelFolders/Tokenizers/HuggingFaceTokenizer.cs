using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Workbench.ModelFolders.Tokenizers.Pipeline;

namespace Workbench.ModelFolders.Tokenizers;

/// <summary>
/// Loads the tokenizer of a Hugging Face model folder. Two formats work:
/// <list type="bullet">
/// <item><c>tokenizer.json</c>, run by <see cref="JsonTokenizer"/> exactly as Hugging Face's <c>tokenizers</c> library runs it:
/// byte-level BPE (GPT-2, Llama 3 with <c>ignore_merges</c>, Qwen2, SmolLM), SentencePiece-style BPE with byte fallback
/// (Llama 2, Mistral, Gemma), Unigram (T5-style SentencePiece in JSON) and WordPiece (BERT), with their normalizers,
/// pre-tokenizers, post-processors and decoders.</item>
/// <item><c>tokenizer.model</c>, a SentencePiece BPE model (Llama 2, TinyLlama, Mistral), through <see cref="LlamaTokenizer"/>
/// when there is no usable tokenizer.json; <c>add_bos_token</c>/<c>add_eos_token</c> come from tokenizer_config.json.</item>
/// </list>
/// A tokenizer.json part that is not reproduced (a Precompiled SentencePiece charsmap, a WordLevel model, BPE dropout, …)
/// gets a <see cref="NotSupportedException"/> naming it, unless a tokenizer.model can be used instead.
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

    /// <summary>
    /// What <see cref="Load"/> would use: "byte-level BPE (tokenizer.json)", "BPE (tokenizer.json)", "Unigram (tokenizer.json)",
    /// "WordPiece (tokenizer.json)", "SentencePiece BPE (tokenizer.model)", "unsupported: …", or null when the folder has no tokenizer file.
    /// </summary>
    public static string? DescribeFormat(string directory)
    {
        var (tokenizer, problem) = ReadJson(directory);
        if (tokenizer is not null) return $"{(tokenizer.ModelType == "BPE" && tokenizer.IsByteLevel ? "byte-level BPE" : tokenizer.ModelType)} (tokenizer.json)";
        if (File.Exists(Path.Combine(directory, SentencePieceFileName))) return "SentencePiece BPE (tokenizer.model)";
        return problem is null ? null : "unsupported: " + problem;
    }

    /// <summary>The folder's tokenizer: tokenizer.json when it is supported, else tokenizer.model.</summary>
    public static Tokenizer Load(string directory)
    {
        var (tokenizer, problem) = ReadJson(directory);
        if (tokenizer is not null) return tokenizer;
        var sentencePiece = Path.Combine(directory, SentencePieceFileName);
        if (File.Exists(sentencePiece)) return CreateSentencePiece(directory, sentencePiece);
        throw new NotSupportedException(problem is null
            ? $"'{directory}' has no {JsonFileName} or {SentencePieceFileName}."
            : $"{problem}, and there is no {SentencePieceFileName} to fall back on.");
    }

    private static (JsonTokenizer? Tokenizer, string? Problem) ReadJson(string directory)
    {
        var path = Path.Combine(directory, JsonFileName);
        if (!File.Exists(path)) return (null, null);
        if (SafeFolderFile.ReadJson(path, SafeFolderFile.MaxTokenizerBytes) is not JsonObject json)
            return (null, $"'{path}' is not a JSON object");
        try
        {
            return (new JsonTokenizer(json), null);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidDataException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return (null, $"'{path}': {e.Message.TrimEnd('.')}");
        }
    }

    private static Tokenizer CreateSentencePiece(string directory, string modelPath)
    {
        var (addBos, addEos) = (true, false);          // LlamaTokenizer's defaults in transformers
        var configPath = Path.Combine(directory, ConfigFileName);
        if (File.Exists(configPath) && SafeFolderFile.ReadJson(configPath, SafeFolderFile.MaxTokenizerBytes) is JsonObject config)
        {
            addBos = config["add_bos_token"]?.GetValue<bool>() ?? addBos;
            addEos = config["add_eos_token"]?.GetValue<bool>() ?? addEos;
        }
        using var stream = new MemoryStream(SafeFolderFile.ReadAllBytes(modelPath, SafeFolderFile.MaxTokenizerBytes));
        return LlamaTokenizer.Create(stream, addBos, addEos);
    }
}
