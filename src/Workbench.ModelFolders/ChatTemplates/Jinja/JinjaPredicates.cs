using static Workbench.ModelFolders.ChatTemplates.Jinja.JinjaValues;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>Jinja "tests" (named predicates here, to keep "Tests" for test classes): <c>x is name</c> and <c>x is not name</c>, also used by <c>select</c>/<c>reject</c>.</summary>
internal static class JinjaPredicates
{
    private static readonly Dictionary<string, Func<object?, IReadOnlyList<object?>, bool>> s_tests = new()
    {
        ["defined"] = (x, _) => x is not JinjaUndefined,
        ["undefined"] = (x, _) => x is JinjaUndefined,
        ["none"] = (x, _) => x is null,
        ["string"] = (x, _) => x is string,
        ["mapping"] = (x, _) => x is Dictionary<string, object?> or JinjaNamespace,
        ["iterable"] = (x, _) => x is string or List<object?> or Dictionary<string, object?>,
        ["sequence"] = (x, _) => x is string or List<object?> or Dictionary<string, object?>,
        ["number"] = (x, _) => x is long or double,
        ["integer"] = (x, _) => x is long,
        ["float"] = (x, _) => x is double,
        ["boolean"] = (x, _) => x is bool,
        ["true"] = (x, _) => x is true,
        ["false"] = (x, _) => x is false,
        ["callable"] = (x, _) => x is JinjaCallable,
        ["even"] = (x, _) => x is long l && l % 2 == 0,
        ["odd"] = (x, _) => x is long l && l % 2 != 0,
        ["divisibleby"] = (x, a) => x is long l && a[0] is long d && d != 0 && l % d == 0,
        ["lower"] = (x, _) => x is string s && s == s.ToLowerInvariant(),
        ["upper"] = (x, _) => x is string s && s == s.ToUpperInvariant(),
        ["equalto"] = (x, a) => JinjaValues.Equals(x, a[0]),
        ["eq"] = (x, a) => JinjaValues.Equals(x, a[0]),
        ["=="] = (x, a) => JinjaValues.Equals(x, a[0]),
        ["ne"] = (x, a) => !JinjaValues.Equals(x, a[0]),
        ["!="] = (x, a) => !JinjaValues.Equals(x, a[0]),
        ["lt"] = (x, a) => Compare(x, a[0]) < 0,
        ["le"] = (x, a) => Compare(x, a[0]) <= 0,
        ["gt"] = (x, a) => Compare(x, a[0]) > 0,
        ["ge"] = (x, a) => Compare(x, a[0]) >= 0,
        ["in"] = (x, a) => JinjaOperators.Contains(a[0], x),
        ["sameas"] = (x, a) => x is null ? a[0] is null : x is bool b ? a[0] is bool c && b == c : ReferenceEquals(x, a[0]),
    };

    public static bool IsKnown(string name) => s_tests.ContainsKey(name);

    public static bool Apply(string name, object? value, IReadOnlyList<object?> args)
    {
        if (!s_tests.TryGetValue(name, out var test)) throw new NotSupportedException($"Jinja test '{name}' is not supported.");
        return test(value, args);
    }
}
