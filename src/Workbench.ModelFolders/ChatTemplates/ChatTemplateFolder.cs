using System.Text.Json.Nodes;
using Workbench.ModelFolders.Tokenizers;

namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>Finds a Hugging Face model folder's chat template and its <c>bos_token</c> / <c>eos_token</c>.</summary>
internal static class ChatTemplateFolder
{
    public const string JinjaFileName = "chat_template.jinja";
    public const string JsonFileName = "chat_template.json";

    public sealed record Contents(string? Template, string? BosToken, string? EosToken);

    /// <summary>chat_template.jinja, else tokenizer_config.json's chat_template, else chat_template.json's.</summary>
    public static Contents Read(string modelFolder)
    {
        var config = ReadJson(Path.Combine(modelFolder, HuggingFaceTokenizer.ConfigFileName));
        var bos = Token(config?["bos_token"]);
        var eos = Token(config?["eos_token"]);
        var jinjaPath = Path.Combine(modelFolder, JinjaFileName);
        if (File.Exists(jinjaPath)) return new Contents(SafeFolderFile.ReadAllText(jinjaPath, SafeFolderFile.MaxConfigBytes), bos, eos);
        var template = Template(config?["chat_template"], HuggingFaceTokenizer.ConfigFileName)
            ?? Template(ReadJson(Path.Combine(modelFolder, JsonFileName))?["chat_template"], JsonFileName);
        return new Contents(template, bos, eos);
    }

    private static JsonObject? ReadJson(string path) =>
        !File.Exists(path) ? null
        : SafeFolderFile.ReadJson(path, SafeFolderFile.MaxTokenizerBytes) as JsonObject ?? throw new InvalidDataException($"'{path}' is not a JSON object.");

    // A special token is written either as a string or as an AddedToken object {"content": "...", ...}.
    private static string? Token(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject added => added["content"]?.GetValue<string>(),
        _ => null,
    };

    // A string, or a list of {"name", "template"} of which the one named "default" is used.
    private static string? Template(JsonNode? node, string fileName)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonArray named:
                var chosen = named.OfType<JsonObject>().FirstOrDefault(t => t["name"]?.GetValue<string>() == "default")
                    ?? throw new InvalidDataException($"{fileName} lists several chat templates ({string.Join(", ", named.Select(t => t?["name"]))}) and none is named 'default'.");
                return chosen["template"]?.GetValue<string>();
            default:
                throw new InvalidDataException($"{fileName}'s chat_template is neither a string nor a list of named templates.");
        }
    }
}
