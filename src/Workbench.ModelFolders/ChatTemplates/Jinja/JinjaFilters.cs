using System.Globalization;
using static Workbench.ModelFolders.ChatTemplates.Jinja.JinjaValues;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>The filters of <c>x | name(args)</c> that chat templates use, with Jinja's (and transformers') meanings.</summary>
internal static class JinjaFilters
{
    private delegate object? Filter(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);

    private static object? Arg(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int index, string name, object? fallback = null) =>
        JinjaCallable.Argument(args, kwargs, index, name, fallback);

    private static readonly Dictionary<string, Filter> s_filters = new()
    {
        ["trim"] = (v, a, k) => JinjaMethods.Strip(ToText(v), Arg(a, k, 0, "chars") as string, left: true, right: true),
        ["length"] = (v, _, _) => Length(v),
        ["count"] = (v, _, _) => Length(v),
        ["upper"] = (v, _, _) => PythonText.Upper(ToText(v)),
        ["lower"] = (v, _, _) => PythonText.Lower(ToText(v)),
        ["capitalize"] = (v, _, _) => PythonText.Capitalize(ToText(v)),
        ["title"] = (v, _, _) => PythonText.TitleFilter(ToText(v)),
        ["string"] = (v, _, _) => ToText(v),
        ["safe"] = (v, _, _) => v,
        ["tojson"] = (v, a, k) => JinjaJson.Serialize(v, Arg(a, k, 0, "indent") is long indent ? (int)indent : null),
        ["default"] = Default,
        ["d"] = Default,
        ["first"] = (v, _, _) => Iterate(v) is { Count: > 0 } items ? items[0] : new JinjaUndefined("first of an empty sequence"),
        ["last"] = (v, _, _) => Iterate(v) is { Count: > 0 } items ? items[^1] : new JinjaUndefined("last of an empty sequence"),
        ["join"] = (v, a, k) => string.Join(ToText(Arg(a, k, 0, "d", "")),
            Iterate(v).Select(x => Arg(a, k, 1, "attribute") is string attr ? JinjaAccess.Attribute(x, attr) : x).Select(ToText)),
        ["replace"] = (v, a, k) => JinjaMethods.Replace(ToText(v), ToText(a[0]), ToText(a[1]), Arg(a, k, 2, "count") as long?),
        ["items"] = (v, _, _) => v is JinjaUndefined ? new List<object?>() : JinjaMethods.Items(AsDict(v, "items")),
        ["list"] = (v, _, _) => Iterate(v).ToList(),
        ["reverse"] = (v, _, _) => v is string s ? string.Concat(PythonText.CodePoints(s).AsEnumerable().Reverse()) : Iterate(v).AsEnumerable().Reverse().ToList(),
        ["int"] = (v, _, _) => ToInteger(v),
        ["float"] = (v, _, _) => v is string s ? double.Parse(s, CultureInfo.InvariantCulture) : ToDouble(v),
        ["abs"] = (v, _, _) => v is long l ? (object)Math.Abs(l) : Math.Abs(ToDouble(v)),
        ["round"] = (v, a, k) => Math.Round(ToDouble(v), (int)(Arg(a, k, 0, "precision", 0L) as long? ?? 0), MidpointRounding.ToEven),
        ["unique"] = (v, _, _) => Iterate(v).Aggregate(new List<object?>(), (seen, x) => { if (!seen.Any(y => JinjaValues.Equals(x, y))) seen.Add(x); return seen; }),
        ["map"] = Map,
        ["select"] = (v, a, _) => Iterate(v).Where(x => Test(x, a, 0)).ToList(),
        ["reject"] = (v, a, _) => Iterate(v).Where(x => !Test(x, a, 0)).ToList(),
        ["selectattr"] = (v, a, _) => Iterate(v).Where(x => Test(JinjaAccess.Attribute(x, ToText(a[0])), a, 1)).ToList(),
        ["rejectattr"] = (v, a, _) => Iterate(v).Where(x => !Test(JinjaAccess.Attribute(x, ToText(a[0])), a, 1)).ToList(),
    };

    public static bool IsKnown(string name) => s_filters.ContainsKey(name);

    public static object? Apply(string name, object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        if (!s_filters.TryGetValue(name, out var filter)) throw new NotSupportedException($"Jinja filter '{name}' is not supported.");
        return filter(value, args, kwargs);
    }

    private static object? Default(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        var fallback = Arg(args, kwargs, 0, "default_value", "");
        var boolean = IsTrue(Arg(args, kwargs, 1, "boolean", false));
        return value is JinjaUndefined || (boolean && !IsTrue(value)) ? fallback : value;
    }

    private static long Length(object? value) => value switch
    {
        string s => PythonText.Length(s),
        List<object?> list => list.Count,
        Dictionary<string, object?> dict => dict.Count,
        JinjaUndefined => 0,
        _ => throw new ChatTemplateException($"Jinja: object of type '{TypeName(value)}' has no length."),
    };

    private static long ToInteger(object? value) => value switch
    {
        string s => long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0,
        _ when IsNumber(value) => (long)Math.Truncate(ToDouble(value)),
        _ => 0,
    };

    private static Dictionary<string, object?> AsDict(object? value, string filter) => value as Dictionary<string, object?>
        ?? (value as JinjaNamespace)?.Attributes
        ?? throw new ChatTemplateException($"Jinja: the '{filter}' filter needs a mapping, got '{TypeName(value)}'.");

    // map(attribute='x') or map('filter', args...)
    private static object? Map(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        if (kwargs.TryGetValue("attribute", out var attribute))
            return Iterate(value).Select(x => JinjaAccess.Attribute(x, ToText(attribute))).ToList();
        var filter = ToText(args[0]);
        var rest = args.Skip(1).ToList();
        return Iterate(value).Select(x => Apply(filter, x, rest, kwargs)).ToList();
    }

    // select('test', args...); with no test name an item is kept when it is truthy.
    private static bool Test(object? item, IReadOnlyList<object?> args, int testIndex) =>
        testIndex >= args.Count ? IsTrue(item) : JinjaPredicates.Apply(ToText(args[testIndex]), item, args.Skip(testIndex + 1).ToList());
}
