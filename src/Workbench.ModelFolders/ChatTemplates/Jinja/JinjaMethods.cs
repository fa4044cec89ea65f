using System.Text;
using static Workbench.ModelFolders.ChatTemplates.Jinja.JinjaValues;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>The Python methods of str and dict that chat templates call: <c>content.strip()</c>, <c>message.get('x')</c>, …</summary>
internal static class JinjaMethods
{
    public static bool TryBind(object? target, string name, out JinjaCallable method)
    {
        JinjaFunction? function = target switch
        {
            string s => StringMethod(s, name),
            Dictionary<string, object?> dict => DictMethod(dict, name),
            _ => null,
        };
        method = function is null ? null! : new JinjaCallable($"{TypeName(target)}.{name}", function);
        return function is not null;
    }

    private static object? Arg(IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> k, int i, string name, object? fallback = null) =>
        JinjaCallable.Argument(a, k, i, name, fallback);

    private static JinjaFunction? StringMethod(string s, string name) => name switch
    {
        "strip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, left: true, right: true),
        "lstrip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, left: true, right: false),
        "rstrip" => (a, k) => Strip(s, Arg(a, k, 0, "chars") as string, left: false, right: true),
        "startswith" => (a, _) => Affixes(a[0]).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => (a, _) => Affixes(a[0]).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        "split" => (a, k) => Split(s, Arg(a, k, 0, "sep") as string, Arg(a, k, 1, "maxsplit", -1L) as long? ?? -1),
        "upper" => (_, _) => PythonText.Upper(s),
        "lower" => (_, _) => PythonText.Lower(s),
        "title" => (_, _) => PythonText.Title(s),
        "capitalize" => (_, _) => PythonText.Capitalize(s),
        "replace" => (a, k) => Replace(s, ToText(a[0]), ToText(a[1]), Arg(a, k, 2, "count") as long?),
        "find" => (a, _) => (long)s.IndexOf(ToText(a[0]), StringComparison.Ordinal),
        "count" => (a, _) => (long)CountOf(s, ToText(a[0])),
        "join" => (a, _) => string.Join(s, Iterate(a[0]).Select(ToText)),
        "isdigit" => (_, _) => s.Length > 0 && s.All(char.IsDigit),
        "isspace" => (_, _) => s.Length > 0 && s.All(PythonText.IsSpace),
        _ => null,
    };

    private static JinjaFunction? DictMethod(Dictionary<string, object?> dict, string name) => name switch
    {
        "get" => (a, k) => dict.TryGetValue(ToText(a[0]), out var v) ? v : Arg(a, k, 1, "default"),
        "items" => (_, _) => Items(dict),
        "keys" => (_, _) => dict.Keys.Select(x => (object?)x).ToList(),
        "values" => (_, _) => dict.Values.ToList(),
        _ => null,
    };

    public static List<object?> Items(Dictionary<string, object?> dict) =>
        dict.Select(e => (object?)new JinjaTuple([e.Key, e.Value])).ToList();

    public static string Strip(string s, string? chars, bool left, bool right) =>
        chars is null ? PythonText.Strip(s, left, right) : PythonText.Strip(s, chars, left, right);

    public static string Replace(string s, string old, string replacement, long? count)
    {
        if (count is null or < 0) return old.Length == 0 ? s : s.Replace(old, replacement, StringComparison.Ordinal);
        var text = new StringBuilder();
        var from = 0;
        for (var n = 0; n < count; n++)
        {
            var at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0 || old.Length == 0) break;
            text.Append(s, from, at - from).Append(replacement);
            from = at + old.Length;
        }
        return text.Append(s, from, s.Length - from).ToString();
    }

    // Python's str.split: no separator splits on runs of whitespace and drops empty pieces.
    private static List<object?> Split(string s, string? separator, long maxSplit)
    {
        var limit = maxSplit < 0 ? int.MaxValue : (int)maxSplit + 1;
        var pieces = separator is null
            ? WhitespaceSplit(s, limit)
            : s.Split(separator, limit, StringSplitOptions.None);
        return pieces.Select(p => (object?)p).ToList();
    }

    // Runs of Python whitespace separate pieces; the last of `limit` pieces keeps the rest, its leading whitespace dropped.
    private static IEnumerable<string> WhitespaceSplit(string s, int limit)
    {
        var at = 0;
        for (var n = 1; ; n++)
        {
            while (at < s.Length && PythonText.IsSpace(s[at])) at++;
            if (at == s.Length) yield break;
            if (n == limit) { yield return s[at..]; yield break; }
            var end = at;
            while (end < s.Length && !PythonText.IsSpace(s[end])) end++;
            yield return s[at..end];
            at = end;
        }
    }

    private static IEnumerable<string> Affixes(object? value) => value is List<object?> list ? list.Select(ToText) : [ToText(value)];

    private static int CountOf(string s, string sub)
    {
        if (sub.Length == 0) return PythonText.Length(s) + 1;
        var n = 0;
        for (var at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
