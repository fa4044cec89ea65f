using System.Text.Json.Nodes;

namespace Workbench.Web.Forms;

/// <summary>Walks a draft's JSON for the fields no <see cref="ConfigFields"/> row edits, so the form can name what it keeps untouched.</summary>
public static class ConfigDraftFields
{
    /// <summary>Paths (with indices) of properties the form has no control for, e.g. a field added to the record before its form row.</summary>
    public static IReadOnlyList<string> Uncovered(JsonObject config)
    {
        var found = new List<string>();
        Walk(config, "", found);
        return found;
    }

    /// <summary>Every path to a value (not an object or a list) in <paramref name="config"/>, with indices.</summary>
    public static IReadOnlyList<string> Leaves(JsonObject config)
    {
        var found = new List<string>();
        Leaves(config, "", found);
        return found;
    }

    private static void Walk(JsonObject node, string prefix, List<string> found)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!ConfigFields.Covers(ConfigPath.Pattern(path))) found.Add(path);
            else if (value is JsonObject child) Walk(child, path, found);
            else if (value is JsonArray list)
                for (var i = 0; i < list.Count; i++)
                    if (list[i] is JsonObject item) Walk(item, $"{path}[{i}]", found);
        }
    }

    private static void Leaves(JsonNode? node, string path, List<string> found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o) Leaves(value, path.Length == 0 ? name : $"{path}.{name}", found);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Leaves(a[i], $"{path}[{i}]", found);
                break;
            default:
                found.Add(path);
                break;
        }
    }
}
