using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Training.Models.Llama;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Reads and writes a Hugging Face <c>config.json</c> for the Llama family (<c>model_type</c> "llama" or "qwen2").
/// Reads both the classic <c>rope_theta</c>/<c>rope_scaling</c> keys and transformers 5's <c>rope_parameters</c>,
/// and <c>torch_dtype</c> or <c>dtype</c>.
/// </summary>
public static class HuggingFaceConfig
{
    public const string FileName = "config.json";

    // Keys this class writes from a LlamaConfig; a base config's values for them are replaced or dropped.
    // layer_types lists one entry per layer of the base model, so it cannot be carried to another depth.
    private static readonly string[] s_ownedKeys =
    [
        "architectures", "model_type", "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
        "num_attention_heads", "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "rope_theta",
        "rope_scaling", "rope_parameters", "tie_word_embeddings", "head_dim", "attention_bias", "mlp_bias",
        "hidden_act", "torch_dtype", "dtype", "layer_types",
    ];

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>The config of the model folder <paramref name="directory"/>.</summary>
    public static LlamaConfig Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{directory}' has no {FileName}.", path);
        return Parse(SafeFolderFile.ReadAllText(path, SafeFolderFile.MaxConfigBytes), path);
    }

    /// <summary>
    /// Parses config.json text. Throws <see cref="NotSupportedException"/> naming an unsupported model type,
    /// architecture, activation or RoPE scaling, and <see cref="InvalidDataException"/> naming a missing key.
    /// </summary>
    public static LlamaConfig Parse(string json, string source = FileName)
    {
        JsonNode? parsed;
        try { parsed = JsonNode.Parse(json); }
        catch (JsonException) { throw new InvalidDataException($"'{source}' is not valid JSON."); }   // its message would quote the text
        var root = parsed as JsonObject ?? throw new InvalidDataException($"'{source}' is not a JSON object.");
        var modelType = root["model_type"]?.GetValue<string>()
            ?? throw new InvalidDataException($"'{source}' has no model_type, so its architecture is unknown.");
        var architectures = root["architectures"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToArray() : [];
        if (!LlamaConfig.SupportedModelTypes.Contains(modelType))
        {
            var named = architectures.Length > 0 ? $" ({string.Join(", ", architectures)})" : "";
            throw new NotSupportedException($"Model type '{modelType}'{named} in '{source}' is not supported; supported: {string.Join(", ", LlamaConfig.SupportedModelTypes)}.");
        }
        var expected = LlamaConfig.ArchitectureFor(modelType);
        foreach (var architecture in architectures)
            if (architecture != expected)
                throw new NotSupportedException($"Architecture '{architecture}' in '{source}' is not supported; a {modelType} model must be {expected}.");
        var hiddenAct = root["hidden_act"]?.GetValue<string>();
        if (hiddenAct is not null and not "silu")
            throw new NotSupportedException($"hidden_act '{hiddenAct}' in '{source}' is not supported; only silu (SwiGLU) is.");
        if (root["use_sliding_window"]?.GetValue<bool>() == true)
            throw new NotSupportedException($"'{source}' enables sliding-window attention, which is not supported.");

        var ropeParameters = root["rope_parameters"] as JsonObject;      // transformers 5 keeps theta and scaling here
        var hidden = RequiredInt(root, "hidden_size", source);
        var heads = RequiredInt(root, "num_attention_heads", source);
        var config = new LlamaConfig(
            ModelType: modelType,
            VocabSize: RequiredInt(root, "vocab_size", source),
            HiddenSize: hidden,
            IntermediateSize: RequiredInt(root, "intermediate_size", source),
            NumHiddenLayers: RequiredInt(root, "num_hidden_layers", source),
            NumAttentionHeads: heads,
            NumKeyValueHeads: OptionalInt(root, "num_key_value_heads") ?? heads,
            MaxPositionEmbeddings: OptionalInt(root, "max_position_embeddings") ?? (modelType == LlamaConfig.Qwen2 ? 32768 : 2048),
            RmsNormEps: OptionalDouble(root, "rms_norm_eps") ?? 1e-6,
            RopeTheta: OptionalDouble(root, "rope_theta") ?? (ropeParameters is null ? null : OptionalDouble(ropeParameters, "rope_theta")) ?? 10_000,
            RopeScaling: ParseRopeScaling(root["rope_scaling"] as JsonObject ?? ropeParameters),
            TieWordEmbeddings: root["tie_word_embeddings"]?.GetValue<bool>() ?? false,
            HeadDim: OptionalInt(root, "head_dim"),
            AttentionBias: root["attention_bias"]?.GetValue<bool>() ?? false,
            MlpBias: root["mlp_bias"]?.GetValue<bool>() ?? false,
            TorchDType: (root["torch_dtype"] ?? root["dtype"])?.GetValue<string>() ?? "float32");
        // A head_dim equal to the default carries no information; dropping it keeps configs that differ only there equal.
        if (heads > 0 && config.HeadDim == hidden / heads && hidden % heads == 0) config = config with { HeadDim = null };
        config.Validate();
        return config;
    }

    /// <summary>
    /// The config.json object for <paramref name="config"/>, with keys sorted as transformers writes them. Keys of
    /// <paramref name="baseConfig"/> that the config does not describe (bos/eos ids, initializer_range, ...) are kept.
    /// </summary>
    public static JsonObject ToJson(LlamaConfig config, JsonObject? baseConfig = null)
    {
        config.Validate();
        var keys = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (baseConfig is not null)
            foreach (var (key, value) in baseConfig)
                if (!s_ownedKeys.Contains(key)) keys[key] = value?.DeepClone();
        keys["architectures"] = new JsonArray(config.Architecture);
        keys["model_type"] = config.ModelType;
        keys["vocab_size"] = config.VocabSize;
        keys["hidden_size"] = config.HiddenSize;
        keys["intermediate_size"] = config.IntermediateSize;
        keys["num_hidden_layers"] = config.NumHiddenLayers;
        keys["num_attention_heads"] = config.NumAttentionHeads;
        keys["num_key_value_heads"] = config.NumKeyValueHeads;
        keys["max_position_embeddings"] = config.MaxPositionEmbeddings;
        keys["rms_norm_eps"] = config.RmsNormEps;
        keys["rope_theta"] = config.RopeTheta;
        keys["rope_scaling"] = RopeScalingJson(config.RopeScaling);
        keys["tie_word_embeddings"] = config.TieWordEmbeddings;
        keys["hidden_act"] = "silu";
        keys["torch_dtype"] = config.TorchDType;
        if (config.HeadDim is { } headDim) keys["head_dim"] = headDim;
        if (config.ModelType == LlamaConfig.Llama)
        {
            keys["attention_bias"] = config.AttentionBias;
            keys["mlp_bias"] = config.MlpBias;
        }
        return new JsonObject(keys);
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="directory"/>/config.json, indented as transformers does.</summary>
    public static void Write(string directory, LlamaConfig config, JsonObject? baseConfig = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), ToJson(config, baseConfig).ToJsonString(s_indented) + "\n");
    }

    private static RopeScaling? ParseRopeScaling(JsonObject? node)
    {
        if (node is null) return null;
        var type = (node["rope_type"] ?? node["type"])?.GetValue<string>() ?? "default";
        if (type == "default") return null;
        return new RopeScaling(
            type,
            OptionalDouble(node, "factor") ?? 1,
            OptionalDouble(node, "low_freq_factor") ?? 1,
            OptionalDouble(node, "high_freq_factor") ?? 4,
            OptionalInt(node, "original_max_position_embeddings") ?? 8192);
    }

    private static JsonObject? RopeScalingJson(RopeScaling? s) => s switch
    {
        null => null,
        { RopeType: RopeScaling.Llama3 } => new JsonObject
        {
            ["rope_type"] = s.RopeType,
            ["factor"] = s.Factor,
            ["low_freq_factor"] = s.LowFreqFactor,
            ["high_freq_factor"] = s.HighFreqFactor,
            ["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings,
        },
        _ => new JsonObject { ["rope_type"] = s.RopeType, ["factor"] = s.Factor },
    };

    private static int RequiredInt(JsonObject node, string key, string source) =>
        OptionalInt(node, key) ?? throw new InvalidDataException($"'{source}' has no {key}.");

    private static int? OptionalInt(JsonObject node, string key)
    {
        var d = OptionalDouble(node, key);
        if (d is null) return null;
        if (d != Math.Floor(d.Value) || d < int.MinValue || d > int.MaxValue)
            throw new InvalidDataException($"{key} must be an integer (got {d.Value.ToString(CultureInfo.InvariantCulture)}).");
        return (int)d.Value;
    }

    private static double? OptionalDouble(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
