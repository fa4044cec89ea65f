using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Experiments;

namespace Workbench.Web.Forms;

/// <summary>
/// The one select that says where a model comes from (<see cref="RunConfig.Teacher"/>, <see cref="RunConfig.Student"/>):
/// no model, a fresh initialisation of the shape fields, a checkpoint id or run name, or a registered model folder.
/// </summary>
public static class ModelChoices
{
    /// <summary>No teacher: supervised training.</summary>
    public const string None = "";
    /// <summary>A fresh initialisation with <c>layers</c>, <c>heads</c>, <c>width</c> and <c>context</c>.</summary>
    public const string Fresh = "fresh:";
    /// <summary>Marks a registered model folder's path.</summary>
    public const string FolderPrefix = "folder:";
    /// <summary>Marks a model given only by the id of the run that trained it (<c>{"run": 12}</c>).</summary>
    public const string RunPrefix = "run:";

    public static string Folder(string path) => FolderPrefix + path;

    /// <summary>The choice a model node stands for.</summary>
    public static string Of(JsonNode? model) => model switch
    {
        JsonObject m when m["path"] is JsonValue path => Folder(path.GetValue<string>()),
        JsonObject m when m["checkpoint"] is JsonValue checkpoint => checkpoint.GetValue<string>(),
        JsonObject m when m["run"] is JsonValue run => RunPrefix + run.ToJsonString(),
        JsonObject => Fresh,
        _ => None,
    };

    /// <summary>The node for a choice; a fresh model keeps the shape it had, else the record's default shape.</summary>
    public static JsonNode? ToNode(string choice, JsonNode? current)
    {
        if (choice == None) return null;
        if (choice == Fresh)
        {
            var shape = (JsonObject)JsonSerializer.SerializeToNode(new ModelRef(), RunConfigJson.Options)!;
            if (current is JsonObject old && Of(old) == Fresh) return old.DeepClone();
            return shape;
        }
        if (choice.StartsWith(RunPrefix, StringComparison.Ordinal)) return new JsonObject { ["run"] = JsonNode.Parse(choice[RunPrefix.Length..]) };
        return choice.StartsWith(FolderPrefix, StringComparison.Ordinal)
            ? new JsonObject { ["path"] = choice[FolderPrefix.Length..] }
            : new JsonObject { ["checkpoint"] = choice };
    }

    /// <summary>Whether the shape fields apply to this model node (it is not loaded from a checkpoint or folder).</summary>
    public static bool IsFresh(JsonObject model) => Of(model) == Fresh;
}
