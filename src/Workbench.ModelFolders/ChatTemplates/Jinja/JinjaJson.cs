using System.Globalization;
using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// The <c>tojson</c> filter as transformers defines it: <c>json.dumps(x, ensure_ascii=False, indent=indent)</c>, keys in
/// insertion order, no HTML escaping; separators ", " and ": " without indent, "," and ": " with it.
/// </summary>
internal static class JinjaJson
{
    public static string Serialize(object? value, int? indent)
    {
        var json = new StringBuilder();
        Write(json, value, indent, 0);
        return json.ToString();
    }

    private static void Write(StringBuilder json, object? value, int? indent, int depth)
    {
        switch (value)
        {
            case null: json.Append("null"); break;
            case bool b: json.Append(b ? "true" : "false"); break;
            case long l: json.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: json.Append(double.IsFinite(d) ? JinjaValues.FloatRepr(d) : double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); break;
            case string s: WriteString(json, s); break;
            case List<object?> list:
                WriteContainer(json, '[', ']', list, indent, depth, (item, d) => Write(json, item, indent, d));
                break;
            case Dictionary<string, object?> dict:
                WriteContainer(json, '{', '}', dict.ToList(), indent, depth, (entry, d) =>
                {
                    WriteString(json, entry.Key);
                    json.Append(": ");
                    Write(json, entry.Value, indent, d);
                });
                break;
            case JinjaNamespace ns:
                Write(json, ns.Attributes, indent, depth);
                break;
            default:
                throw new ChatTemplateException($"Jinja: tojson cannot serialise a value of type '{JinjaValues.TypeName(value)}'.");
        }
    }

    private static void WriteContainer<T>(StringBuilder json, char open, char close, IReadOnlyList<T> items, int? indent, int depth, Action<T, int> writeItem)
    {
        json.Append(open);
        if (items.Count == 0) { json.Append(close); return; }
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) json.Append(indent is null ? ", " : ",");
            if (indent is not null) json.Append('\n').Append(' ', indent.Value * (depth + 1));
            writeItem(items[i], depth + 1);
        }
        if (indent is not null) json.Append('\n').Append(' ', indent.Value * depth);
        json.Append(close);
    }

    private static void WriteString(StringBuilder json, string s)
    {
        json.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
