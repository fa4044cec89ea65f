namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// <c>x.name</c> and <c>x[key]</c> as Jinja resolves them: attribute access tries a Python method first and then the
/// dict key; subscripting tries the key or index first. Anything missing is Undefined, not an error.
/// </summary>
internal static class JinjaAccess
{
    public static object? Attribute(object? target, string name) => target switch
    {
        JinjaUndefined u => throw new ChatTemplateException($"Jinja: {u.Reason}, so it has no attribute '{name}'."),
        JinjaLoop loop => loop.Get(name),
        JinjaNamespace ns => ns.Attributes.TryGetValue(name, out var v) ? v : Missing(target, name),
        _ when JinjaMethods.TryBind(target, name, out var method) => method,
        Dictionary<string, object?> dict => dict.TryGetValue(name, out var v) ? v : Missing(target, name),
        _ => Missing(target, name),
    };

    public static object? Item(object? target, object? key)
    {
        switch (target)
        {
            case JinjaUndefined u:
                throw new ChatTemplateException($"Jinja: {u.Reason}, so it cannot be subscripted with {JinjaValues.Repr(key)}.");
            case Dictionary<string, object?> dict when key is string name:
                return dict.TryGetValue(name, out var v) ? v : Attribute(target, name);
            case List<object?> list when key is long index:
                return Index(list.Count, index) is { } i ? list[i] : new JinjaUndefined($"list index {index} out of range");
            case string s when key is long index:
                var points = PythonText.CodePoints(s);
                return Index(points.Count, index) is { } j ? points[j] : new JinjaUndefined($"string index {index} out of range");
            default:
                return key is string attribute ? Attribute(target, attribute) : Missing(target, JinjaValues.Repr(key));
        }
    }

    public static object? Slice(object? target, long? start, long? stop, long? step)
    {
        var items = target switch
        {
            string s => PythonText.CodePoints(s).Select(c => (object?)c).ToList(),
            List<object?> list => list,
            _ => throw new ChatTemplateException($"Jinja: '{JinjaValues.TypeName(target)}' cannot be sliced."),
        };
        var selected = SliceIndices(items.Count, start, stop, step ?? 1).Select(i => items[i]).ToList();
        return target switch
        {
            string => string.Concat(selected.Cast<string>()),
            JinjaTuple => new JinjaTuple(selected),
            _ => selected,
        };
    }

    // Python's slice.indices: negative bounds count from the end, out-of-range bounds are clamped.
    private static IEnumerable<int> SliceIndices(int count, long? start, long? stop, long step)
    {
        if (step == 0) throw new ChatTemplateException("Jinja: slice step cannot be zero.");
        long Clamp(long? bound, long fallback, long low, long high)
        {
            if (bound is null) return fallback;
            var b = bound.Value < 0 ? bound.Value + count : bound.Value;
            return Math.Clamp(b, low, high);
        }
        if (step > 0)
        {
            for (var i = Clamp(start, 0, 0, count); i < Clamp(stop, count, 0, count); i += step) yield return (int)i;
        }
        else
        {
            for (var i = Clamp(start, count - 1, -1, count - 1); i > Clamp(stop, -1, -1, count - 1); i += step) yield return (int)i;
        }
    }

    private static int? Index(int count, long index)
    {
        var i = index < 0 ? index + count : index;
        return i >= 0 && i < count ? (int)i : null;
    }

    private static JinjaUndefined Missing(object? target, string name) => new($"'{JinjaValues.TypeName(target)} object' has no attribute '{name}'");
}
