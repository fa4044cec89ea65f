namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>A parsed template (parsed once, rendered many times) in the Jinja subset chat templates use.</summary>
internal sealed class JinjaTemplate
{
    private readonly JinjaSource _source;
    private readonly IReadOnlyList<JinjaNode> _nodes;

    public JinjaTemplate(string template)
    {
        _source = new JinjaSource(template);
        _nodes = new JinjaParser(new JinjaLexer(_source).Tokenize(), _source).ParseTemplate();
    }

    /// <summary>Renders with the given variables on top of the globals (range, namespace, raise_exception, strftime_now, …).</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, TimeProvider? clock = null)
    {
        var globals = new JinjaScope(null);
        JinjaGlobals.AddTo(globals, clock ?? TimeProvider.System);
        var scope = new JinjaScope(globals);
        foreach (var (name, value) in variables) scope.Set(name, value);
        return new JinjaRenderer(_source).Render(_nodes, scope);
    }
}
