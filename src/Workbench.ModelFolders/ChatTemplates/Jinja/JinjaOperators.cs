using static Workbench.ModelFolders.ChatTemplates.Jinja.JinjaValues;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>Binary operators with Python's rules: <c>+</c> adds numbers or joins two strings or two lists, never a string and a number.</summary>
internal static class JinjaOperators
{
    public static object? Apply(string op, object? left, object? right) => op switch
    {
        "==" => JinjaValues.Equals(left, right),
        "!=" => !JinjaValues.Equals(left, right),
        "<" => Compare(left, right) < 0,
        ">" => Compare(left, right) > 0,
        "<=" => Compare(left, right) <= 0,
        ">=" => Compare(left, right) >= 0,
        "in" => Contains(right, left),
        "not in" => !Contains(right, left),
        "~" => ToText(left) + ToText(right),
        "+" => Add(left, right),
        "-" => Arithmetic(op, left, right, (a, b) => a - b, (a, b) => a - b),
        "*" => Multiply(left, right),
        "/" => ToDouble(left) / ToDouble(right),
        "//" => Arithmetic(op, left, right, FloorDivide, (a, b) => Math.Floor(a / b)),
        "%" => Arithmetic(op, left, right, Modulo, (a, b) => a - b * Math.Floor(a / b)),
        "**" => left is long a && right is long b && b >= 0 ? (object)(long)Math.Pow(a, b) : Math.Pow(ToDouble(left), ToDouble(right)),
        _ => throw new NotSupportedException($"Jinja operator '{op}' is not supported."),
    };

    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        string => throw new ChatTemplateException($"Jinja: 'in <string>' requires a string, not '{TypeName(item)}'."),
        List<object?> list => list.Any(x => JinjaValues.Equals(x, item)),
        Dictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        JinjaUndefined => false,
        _ => throw new ChatTemplateException($"Jinja: argument of type '{TypeName(container)}' is not iterable."),
    };

    private static object? Add(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => a + b,
        (JinjaTuple a, JinjaTuple b) => new JinjaTuple([.. a, .. b]),
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        _ => Arithmetic("+", left, right, (a, b) => a + b, (a, b) => a + b),
    };

    private static object? Multiply(object? left, object? right) => (left, right) switch
    {
        (string s, long n) => Repeated(s.Length, n) is var count ? string.Concat(Enumerable.Repeat(s, count)) : null,
        (List<object?> list, long n) => Repeated(list.Count, n) is var count ? Enumerable.Repeat(list, count).SelectMany(x => x).ToList() : null,
        _ => Arithmetic("*", left, right, (a, b) => a * b, (a, b) => a * b),
    };

    // 'ab' * n and [x] * n, bounded before anything is allocated.
    private static int Repeated(long length, long n)
    {
        var count = Math.Max(0, n);
        JinjaLimits.CheckLength(Math.Max(length, 1) * Math.Min(count, JinjaLimits.MaxOutputChars + 1L));   // "" * 10**12 still loops
        return (int)count;
    }

    private static object? Arithmetic(string op, object? left, object? right, Func<long, long, long> onIntegers, Func<double, double, double> onFloats)
    {
        if (!IsNumber(left) || !IsNumber(right))
        {
            if (left is JinjaUndefined u) throw new ChatTemplateException($"Jinja: {u.Reason}.");
            if (right is JinjaUndefined v) throw new ChatTemplateException($"Jinja: {v.Reason}.");
            throw new ChatTemplateException($"Jinja: unsupported operand types for {op}: '{TypeName(left)}' and '{TypeName(right)}'.");
        }
        if (left is double || right is double) return onFloats(ToDouble(left), ToDouble(right));
        return onIntegers((long)ToDouble(left), (long)ToDouble(right));
    }

    private static long FloorDivide(long a, long b) => b == 0 ? throw new ChatTemplateException("Jinja: integer division by zero.") : (long)Math.Floor((double)a / b);

    private static long Modulo(long a, long b)
    {
        if (b == 0) throw new ChatTemplateException("Jinja: integer modulo by zero.");
        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;                     // Python's sign follows the divisor
    }
}
