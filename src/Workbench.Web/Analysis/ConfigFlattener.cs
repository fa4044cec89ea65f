using System.Globalization;
using System.Text.Json;

namespace Workbench.Web.Analysis;

/// <summary>
/// Turns a run's config JSON into dotted keys with scalar values, the names the filter, the table columns and the
/// config comparer share: <c>learningRate</c>, <c>teacher.checkpoint</c>, <c>objectives[0].kind</c>. Values are
/// <see cref="string"/>, <see cref="double"/>, <see cref="bool"/> or null, in the JSON's own order.
/// </summary>
public static class ConfigFlattener
{
    public static IReadOnlyDictionary<string, object?> Flatten(string configJson)
    {
        var flat = new Dictionary<string, object?>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(configJson);
        Walk(document.RootElement, "", flat);
        return flat;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, object?> flat)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", flat);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{i++}]", flat);
                break;
            case JsonValueKind.String: flat[path] = element.GetString(); break;
            case JsonValueKind.Number: flat[path] = element.GetDouble(); break;
            case JsonValueKind.True: flat[path] = true; break;
            case JsonValueKind.False: flat[path] = false; break;
            default: flat[path] = null; break;
        }
    }

    /// <summary>A flat value as the table and the comparer show it (numbers invariant, shortest round-trip).</summary>
    public static string Format(object? value) => value switch
    {
        null => "–",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
