using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Executes template nodes into an output buffer: text, outputs, if, for (with loop and else), set, macros. One renderer
/// renders once, within <see cref="JinjaLimits"/> (time, output length, macro depth).
/// </summary>
internal sealed class JinjaRenderer(JinjaSource source)
{
    private enum Flow { Normal, Break, Continue }

    private readonly JinjaEvaluator _evaluator = new(source);
    private readonly JinjaLimits _limits = new();

    public string Render(IReadOnlyList<JinjaNode> nodes, JinjaScope scope)
    {
        var output = new StringBuilder();
        if (Execute(nodes, scope, output) != Flow.Normal) throw new ChatTemplateException("Jinja: 'break' or 'continue' outside a loop.");
        return output.ToString();
    }

    private Flow Execute(IReadOnlyList<JinjaNode> nodes, JinjaScope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            var flow = Execute(node, scope, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private Flow Execute(JinjaNode node, JinjaScope scope, StringBuilder output)
    {
        _limits.Tick();
        switch (node)
        {
            case TextNode text:
                output.Append(text.Text);
                JinjaLimits.CheckLength(output.Length);
                return Flow.Normal;
            case OutputNode value:
                output.Append(JinjaValues.ToText(_evaluator.Evaluate(value.Value, scope)));
                JinjaLimits.CheckLength(output.Length);
                return Flow.Normal;
            case IfNode ifNode:
                foreach (var (condition, body) in ifNode.Branches)
                    if (JinjaValues.IsTrue(_evaluator.Evaluate(condition, scope))) return Execute(body, scope, output);
                return Execute(ifNode.Else, scope, output);
            case ForNode forNode:
                ExecuteFor(forNode, scope, output);
                return Flow.Normal;
            case SetNode set:
                Assign(set, scope);
                return Flow.Normal;
            case SetBlockNode setBlock:
                scope.Set(setBlock.Name, Render(setBlock.Body, new JinjaScope(scope)));
                return Flow.Normal;
            case MacroNode macro:
                scope.Set(macro.Name, new JinjaCallable(macro.Name, (args, kwargs) => CallMacro(macro, scope, args, kwargs)));
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw new NotSupportedException($"Jinja node {node.GetType().Name} at {source.Describe(node.Position)} is not supported.");
        }
    }

    private void ExecuteFor(ForNode forNode, JinjaScope scope, StringBuilder output)
    {
        var iterable = _evaluator.Evaluate(forNode.Iterable, scope);
        if (iterable is null) throw new ChatTemplateException($"Jinja: 'NoneType' object is not iterable (at {source.Describe(forNode.Iterable.Position)}).");
        var items = JinjaValues.Iterate(iterable);
        if (forNode.Filter is not null)
            items = items.Where(item => JinjaValues.IsTrue(_evaluator.Evaluate(forNode.Filter, Bind(forNode, item, scope)))).ToList();
        if (items.Count == 0)
        {
            Execute(forNode.Else, scope, output);
            return;
        }
        var loop = new JinjaLoop(items);
        for (var i = 0; i < items.Count; i++)
        {
            _limits.Tick();   // an empty body executes no node
            loop.Index0 = i;
            var body = Bind(forNode, items[i], scope);
            body.Set("loop", loop);
            if (Execute(forNode.Body, body, output) == Flow.Break) break;
        }
    }

    private JinjaScope Bind(ForNode forNode, object? item, JinjaScope parent)
    {
        var scope = new JinjaScope(parent);
        if (forNode.Targets.Count == 1)
        {
            scope.Set(forNode.Targets[0], item);
            return scope;
        }
        var values = item as List<object?>;
        if (values is null || values.Count != forNode.Targets.Count)
            throw new ChatTemplateException($"Jinja: cannot unpack {JinjaValues.Repr(item)} into {forNode.Targets.Count} loop variables (at {source.Describe(forNode.Position)}).");
        for (var i = 0; i < values.Count; i++) scope.Set(forNode.Targets[i], values[i]);
        return scope;
    }

    private void Assign(SetNode set, JinjaScope scope)
    {
        var value = _evaluator.Evaluate(set.Value, scope);
        if (set.Attribute is null)
        {
            scope.Set(set.Name, value);
            return;
        }
        if (scope.Lookup(set.Name) is not JinjaNamespace ns)
            throw new ChatTemplateException($"Jinja: '{set.Name}' is not a namespace(), so '{set.Name}.{set.Attribute}' cannot be set (at {source.Describe(set.Position)}).");
        ns.Attributes[set.Attribute] = value;
    }

    private string CallMacro(MacroNode macro, JinjaScope definedIn, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        using var depth = _limits.EnterMacro();
        var scope = new JinjaScope(definedIn);
        for (var i = 0; i < macro.Parameters.Count; i++)
        {
            var (name, defaultValue) = macro.Parameters[i];
            var value = i < args.Count ? args[i]
                : kwargs.TryGetValue(name, out var named) ? named
                : defaultValue is null ? new JinjaUndefined($"macro '{macro.Name}' was called without '{name}'")
                : _evaluator.Evaluate(defaultValue, scope);
            scope.Set(name, value);
        }
        return Render(macro.Body, scope);
    }
}
