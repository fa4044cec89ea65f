using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Experiments;

/// <summary>The one JSON shape of a config, used by the API, the database and the worker.</summary>
public static class RunConfigJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    public static string Serialize(RunConfig config, bool indented = false) =>
        JsonSerializer.Serialize(config, indented ? Indented : Options);

    public static RunConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<RunConfig>(json, Options) ?? throw new JsonException("The config is empty.");
}
