namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>Evaluates expressions of the tiny AST in a scope; errors name the position in the template.</summary>
internal sealed class JinjaEvaluator(JinjaSource source)
{
    public object? Evaluate(JinjaExpr expr, JinjaScope scope)
    {
        try
        {
            return EvaluateCore(expr, scope);
        }
        catch (ChatTemplateException) { throw; }
        catch (NotSupportedException) { throw; }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            throw new ChatTemplateException($"Jinja: {e.Message} (at {source.Describe(expr.Position)}).");
        }
    }

    private object? EvaluateCore(JinjaExpr expr, JinjaScope scope)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case NameExpr name:
                return scope.Lookup(name.Name);
            case ListExpr list:
                var items = list.Items.Select(item => Evaluate(item, scope));
                return list.IsTuple ? new JinjaTuple(items) : items.ToList();
            case DictExpr dict:
                return dict.Entries.ToDictionary(e => JinjaValues.ToText(Evaluate(e.Key, scope)), e => Evaluate(e.Value, scope));
            case AttributeExpr attribute:
                return JinjaAccess.Attribute(Evaluate(attribute.Target, scope), attribute.Name);
            case SubscriptExpr subscript:
                return JinjaAccess.Item(Evaluate(subscript.Target, scope), Evaluate(subscript.Index, scope));
            case SliceExpr slice:
                return JinjaAccess.Slice(Evaluate(slice.Target, scope), Bound(slice.Start, scope), Bound(slice.Stop, scope), Bound(slice.Step, scope));
            case CallExpr call:
                return Call(call, scope);
            case FilterExpr filter:
                var (args, kwargs) = Arguments(filter.Arguments, scope);
                return JinjaFilters.Apply(filter.Name, Evaluate(filter.Target, scope), args, kwargs);
            case TestExpr test:
                var (testArgs, _) = Arguments(test.Arguments, scope);
                return JinjaPredicates.Apply(test.Name, Evaluate(test.Target, scope), testArgs) != test.Negated;
            case UnaryExpr unary:
                var operand = Evaluate(unary.Operand, scope);
                return unary.Operator switch
                {
                    "not" => !JinjaValues.IsTrue(operand),
                    "-" => operand is long l ? (object)(-l) : -JinjaValues.ToDouble(operand),
                    _ => operand,
                };
            case BinaryExpr { Operator: "and" } and:
                var left = Evaluate(and.Left, scope);
                return JinjaValues.IsTrue(left) ? Evaluate(and.Right, scope) : left;
            case BinaryExpr { Operator: "or" } or:
                var first = Evaluate(or.Left, scope);
                return JinjaValues.IsTrue(first) ? first : Evaluate(or.Right, scope);
            case BinaryExpr binary:
                var l1 = Evaluate(binary.Left, scope);
                var r1 = Evaluate(binary.Right, scope);
                if (binary.Operator is "+" or "-" or "*" or "/" or "//" or "%" or "**" && (l1 is JinjaUndefined || r1 is JinjaUndefined))
                    throw ((l1 as JinjaUndefined) ?? (JinjaUndefined)r1!).Fail(source.Describe(binary.Position));
                return JinjaOperators.Apply(binary.Operator, l1, r1);
            case ConditionalExpr conditional:
                return JinjaValues.IsTrue(Evaluate(conditional.Condition, scope))
                    ? Evaluate(conditional.Then, scope)
                    : conditional.Else is null ? new JinjaUndefined("the conditional expression has no else") : Evaluate(conditional.Else, scope);
            default:
                throw new NotSupportedException($"Jinja expression {expr.GetType().Name} at {source.Describe(expr.Position)} is not supported.");
        }
    }

    private object? Call(CallExpr call, JinjaScope scope)
    {
        var callee = Evaluate(call.Callee, scope);
        var (args, kwargs) = Arguments(call.Arguments, scope);
        return callee switch
        {
            JinjaCallable function => function.Invoke(args, kwargs),
            JinjaUndefined when call.Callee is NameExpr name =>
                throw new NotSupportedException($"Jinja function '{name.Name}' at {source.Describe(call.Position)} is not supported."),
            JinjaUndefined when call.Callee is AttributeExpr attribute =>
                throw new NotSupportedException($"Jinja method '.{attribute.Name}()' at {source.Describe(call.Position)} is not supported on this value."),
            _ => throw new ChatTemplateException($"Jinja: '{JinjaValues.TypeName(callee)}' object is not callable (at {source.Describe(call.Position)})."),
        };
    }

    private (List<object?> Args, Dictionary<string, object?> Kwargs) Arguments(JinjaArguments arguments, JinjaScope scope) =>
        (arguments.Positional.Select(a => Evaluate(a, scope)).ToList(), arguments.Named.ToDictionary(n => n.Name, n => Evaluate(n.Value, scope)));

    private long? Bound(JinjaExpr? expr, JinjaScope scope) => expr is null ? null : Evaluate(expr, scope) switch
    {
        null => null,
        long l => l,
        var other => throw new ChatTemplateException($"Jinja: slice indices must be integers, not '{JinjaValues.TypeName(other)}' (at {source.Describe(expr.Position)})."),
    };
}
