using System.Text.Json.Nodes;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>Reading the parts of a tokenizer.json, and refusing precisely what this implementation does not reproduce.</summary>
internal static class TokenizerParts
{
    public static string? Type(JsonNode? node) => node?["type"]?.GetValue<string>();

    public static string? String(JsonNode? node, string key) => node?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Bool(JsonNode? node, string key, bool fallback) => node?[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    public static int Int(JsonNode? node, string key, int fallback) => node?[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;

    public static List<JsonNode> Items(JsonNode? node, string key) => [.. (node?[key] as JsonArray ?? []).OfType<JsonNode>()];

    public static NotSupportedException Unsupported(string part, JsonNode? node, string detail = "") =>
        new($"tokenizer.json has a {Type(node) ?? "typeless"} {part}{detail}, which is not supported.");

    /// <summary>A Split or Replace pattern: {"String": "…"} is literal, {"Regex": "…"} a regex (matched over code points).</summary>
    public static CodePointRegex Pattern(JsonNode? pattern, string part)
    {
        if (String(pattern, "Regex") is { } regex)
        {
            try { return new CodePointRegex(regex); }
            catch (ArgumentException e) { throw new NotSupportedException($"tokenizer.json's {part} regex '{regex}' is not supported: {e.Message}"); }
        }
        if (String(pattern, "String") is { } literal) return new CodePointRegex(System.Text.RegularExpressions.Regex.Escape(literal));
        throw new NotSupportedException($"tokenizer.json's {part} has no String or Regex pattern.");
    }
}
