using System.Globalization;
using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Python semantics for the values a template sees: <c>null</c> is None, <see cref="long"/> int, <see cref="double"/>
/// float, <c>List&lt;object?&gt;</c> list (<see cref="JinjaTuple"/> tuple), <c>Dictionary&lt;string, object?&gt;</c> dict (insertion-ordered).
/// </summary>
internal static class JinjaValues
{
    public static bool IsTrue(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };

    /// <summary>Python's <c>str(value)</c>; Undefined prints as the empty string.</summary>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        JinjaUndefined => "",
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c>, used inside lists and dicts.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        JinjaUndefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        string s => StringRepr(s),
        JinjaTuple { Count: 1 } tuple => "(" + Repr(tuple[0]) + ",)",
        JinjaTuple tuple => "(" + string.Join(", ", tuple.Select(Repr)) + ")",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        Dictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(e => StringRepr(e.Key) + ": " + Repr(e.Value))) + "}",
        JinjaNamespace => "<Namespace>",
        JinjaCallable c => $"<function {c.Name}>",
        _ => value.ToString() ?? "",
    };

    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e16) return d.ToString("0.0", CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string StringRepr(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }
        return text.Append(quote).ToString();
    }

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        JinjaUndefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        JinjaTuple => "tuple",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        JinjaNamespace => "Namespace",
        JinjaCallable => "function",
        _ => value.GetType().Name,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new ChatTemplateException($"Jinja: expected a number, got {TypeName(value)}."),
    };

    /// <summary>Items of a for loop or filter input: a list's items, a dict's keys, a string's characters; Undefined is empty.</summary>
    public static List<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        Dictionary<string, object?> dict => dict.Keys.Select(k => (object?)k).ToList(),
        string s => PythonText.CodePoints(s).Select(c => (object?)c).ToList(),
        JinjaUndefined => [],
        _ => throw new ChatTemplateException($"Jinja: '{TypeName(value)}' object is not iterable."),
    };

    public static new bool Equals(object? a, object? b)
    {
        if (a is JinjaUndefined || b is JinjaUndefined) return a is JinjaUndefined && b is JinjaUndefined;
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a) == ToDouble(b);
        if (a is JinjaTuple != b is JinjaTuple) return false;                      // (1, 2) != [1, 2] in Python
        return (a, b) switch
        {
            (string x, string y) => x == y,
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
            (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
                x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var v) && Equals(e.Value, v)),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Python ordering for numbers, strings (by code point) and lists; anything else is a type error.</summary>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
        if (a is string x && b is string y) return string.CompareOrdinal(x, y);
        if (a is List<object?> p && b is List<object?> q)
        {
            for (var i = 0; i < Math.Min(p.Count, q.Count); i++)
            {
                var c = Compare(p[i], q[i]);
                if (c != 0) return c;
            }
            return p.Count.CompareTo(q.Count);
        }
        throw new ChatTemplateException($"Jinja: cannot compare '{TypeName(a)}' with '{TypeName(b)}'.");
    }
}
