namespace Workbench.ModelFolders.ChatTemplates.Jinja;

internal delegate object? JinjaFunction(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);

/// <summary>A function value: a global such as <c>range</c>, a bound method such as <c>text.strip</c>, or a macro.</summary>
internal sealed record JinjaCallable(string Name, JinjaFunction Invoke)
{
    public static object? Argument(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int index, string name, object? fallback = null) =>
        index < args.Count ? args[index] : kwargs.TryGetValue(name, out var value) ? value : fallback;
}
