using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Workbench.Experiments;

/// <summary>The one JSON shape of a config, used by the API, the database and the worker.</summary>
public static class RunConfigJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,   // numbers are numbers: "steps": "100" is an error naming the field
        WriteIndented = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitShapeOfCheckpoints } },
    };

    // A model loaded from a checkpoint or a folder takes its shape from there; writing the unused defaults
    // ("layers": 2 on a 4-layer teacher) would only mislead whoever reads the config.
    private static void OmitShapeOfCheckpoints(JsonTypeInfo type)
    {
        if (type.Type != typeof(ModelRef)) return;
        foreach (var property in type.Properties)
        {
            if (property.Name == "path") property.ShouldSerialize = (model, _) => ((ModelRef)model).Path is not null;
            else if (property.Name == "run") property.ShouldSerialize = (model, _) => ((ModelRef)model).Run is not null;
            else if (property.Name != "checkpoint")
                property.ShouldSerialize = (model, _) => !((ModelRef)model).IsLoaded;
        }
    }

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    public static string Serialize(RunConfig config, bool indented = false) =>
        JsonSerializer.Serialize(config, indented ? Indented : Options);

    public static RunConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<RunConfig>(json, Options) ?? throw new JsonException("The config is empty.");
}
