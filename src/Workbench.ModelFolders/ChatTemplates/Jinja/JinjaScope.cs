namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Variables visible at one point. A for loop body and a macro call get a child scope, so a <c>{% set %}</c> inside a
/// loop does not leak out of it (Jinja's rule, which is why templates carry state in a <c>namespace()</c>).
/// </summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly Dictionary<string, object?> _variables = [];

    public object? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope._variables.TryGetValue(name, out var value)) return value;
        return new JinjaUndefined($"'{name}' is undefined");
    }

    public void Set(string name, object? value) => _variables[name] = value;

    public JinjaScope? Parent { get; } = parent;
}
