using System.Globalization;
using System.Text.Json.Nodes;

namespace Workbench.Experiments.Sweeps;

/// <summary>
/// A path into a config's JSON tree, as the runs table names its columns: <c>learningRate</c>, <c>leaf.rho</c>,
/// <c>objectives[0].temperature</c>. Property names are the JSON (camelCase) names; <c>[i]</c> indexes a list.
/// </summary>
public sealed class ConfigPath
{
    private readonly IReadOnlyList<object> _segments;   // string = property, int = list index

    private ConfigPath(string text, IReadOnlyList<object> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set when it is not a path.</summary>
    public static ConfigPath? TryParse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "A path is required, e.g. leaf.rho or objectives[0].temperature."; return null; }
        var segments = new List<object>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"'{text}' has a bad index at position {i}: write [0], [1], ...";
                    return null;
                }
                segments.Add(index);
                i = close + 1;
                if (i < text.Length && text[i] == '.') i++;
                continue;
            }
            var end = text.IndexOfAny(['.', '['], i);
            if (end < 0) end = text.Length;
            var name = text[i..end];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error = $"'{text}' is not a config path: use names and [index], e.g. objectives[0].temperature.";
                return null;
            }
            segments.Add(name);
            i = end < text.Length && text[end] == '.' ? end + 1 : end;
            if (end < text.Length && text[end] == '.' && i == text.Length) { error = $"'{text}' ends with a dot."; return null; }
        }
        return new ConfigPath(text, segments);
    }

    /// <summary>The node at this path, or null when some part of it is absent.</summary>
    public JsonNode? Get(JsonNode root)
    {
        JsonNode? node = root;
        foreach (var segment in _segments)
        {
            node = Step(node, segment);
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>
    /// Sets the value at this path. Every container on the way must exist (a list index within the list); the last
    /// property may be absent (an optional field left out of the JSON). False, with a reason, when the path leads nowhere.
    /// </summary>
    public bool TrySet(JsonNode root, JsonNode? value, out string? error)
    {
        error = null;
        JsonNode? parent = root;
        for (var s = 0; s < _segments.Count - 1; s++)
        {
            parent = Step(parent, _segments[s]);
            if (parent is null)
            {
                error = $"'{Text}' does not exist in the base config ({Prefix(s + 1)} is not set).";
                return false;
            }
        }
        switch (_segments[^1], parent)
        {
            case (string name, JsonObject obj):
                obj[name] = value;
                return true;
            case (int index, JsonArray array) when index < array.Count:
                array[index] = value;
                return true;
            default:
                error = $"'{Text}' does not exist in the base config.";
                return false;
        }
    }

    private static JsonNode? Step(JsonNode? node, object segment) => (segment, node) switch
    {
        (string name, JsonObject obj) => obj[name],
        (int index, JsonArray array) when index < array.Count => array[index],
        _ => null,
    };

    private string Prefix(int count)
    {
        var text = "";
        for (var s = 0; s < count; s++)
            text += _segments[s] is int index ? $"[{index}]" : (text.Length == 0 ? "" : ".") + _segments[s];
        return text;
    }
}
