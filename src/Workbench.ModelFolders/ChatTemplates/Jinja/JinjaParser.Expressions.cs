using System.Globalization;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

// Expressions, with Jinja's precedence (lowest first); see the class summary in JinjaParser.cs.
internal sealed partial class JinjaParser
{
    public JinjaExpr ParseExpression()
    {
        var value = ParseOr();
        while (Current.IsName("if"))
        {
            var position = Next().Position;
            var condition = ParseOr();
            JinjaExpr? otherwise = null;
            if (Current.IsName("else")) { Next(); otherwise = ParseExpression(); }
            value = new ConditionalExpr(condition, value, otherwise, position);
        }
        return value;
    }

    private JinjaExpr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or")) { var p = Next().Position; left = new BinaryExpr("or", left, ParseAnd(), p); }
        return left;
    }

    private JinjaExpr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and")) { var p = Next().Position; left = new BinaryExpr("and", left, ParseNot(), p); }
        return left;
    }

    private JinjaExpr ParseNot()
    {
        if (!Current.IsName("not")) return ParseCompare();
        var position = Next().Position;
        return new UnaryExpr("not", ParseNot(), position);
    }

    private JinjaExpr ParseCompare()
    {
        var left = ParseAdditive();
        while (true)
        {
            var token = Current;
            if (token.Kind == JinjaTokenKind.Operator && s_comparisons.Contains(token.Value)) { Next(); left = new BinaryExpr(token.Value, left, ParseAdditive(), token.Position); }
            else if (token.IsName("in")) { Next(); left = new BinaryExpr("in", left, ParseAdditive(), token.Position); }
            else if (token.IsName("not") && tokens[_index + 1].IsName("in")) { _index += 2; left = new BinaryExpr("not in", left, ParseAdditive(), token.Position); }
            else return left;
        }
    }

    private JinjaExpr ParseAdditive() => ParseBinary(ParseConcat, "+", "-");
    private JinjaExpr ParseConcat() => ParseBinary(ParseMultiplicative, "~");
    private JinjaExpr ParseMultiplicative() => ParseBinary(ParsePower, "*", "/", "//", "%");
    private JinjaExpr ParsePower() => ParseBinary(() => ParseUnary(), "**");

    private JinjaExpr ParseBinary(Func<JinjaExpr> operand, params string[] operators)
    {
        var left = operand();
        while (Current.Kind == JinjaTokenKind.Operator && operators.Contains(Current.Value))
        {
            var op = Next();
            left = new BinaryExpr(op.Value, left, operand(), op.Position);
        }
        return left;
    }

    // As Jinja2's parse_unary: the operand of a sign takes no filters, so `-3 | abs` is abs(-3).
    private JinjaExpr ParseUnary(bool withFilters = true)
    {
        JinjaExpr node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next();
            node = new UnaryExpr(op.Value, ParseUnary(withFilters: false), op.Position);
        }
        else node = ParsePostfix(ParsePrimary());
        return withFilters ? ParseFiltersAndTests(node) : node;
    }

    private JinjaExpr ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case JinjaTokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new LiteralExpr(true, token.Position),
                    "false" or "False" => new LiteralExpr(false, token.Position),
                    "none" or "None" => new LiteralExpr(null, token.Position),
                    _ => new NameExpr(token.Value, token.Position),
                };
            case JinjaTokenKind.String:
                var text = token.Value;
                while (Current.Kind == JinjaTokenKind.String) text += Next().Value;        // adjacent literals concatenate
                return new LiteralExpr(text, token.Position);
            case JinjaTokenKind.Integer:
                return new LiteralExpr(long.Parse(token.Value, CultureInfo.InvariantCulture), token.Position);
            case JinjaTokenKind.Float:
                return new LiteralExpr(double.Parse(token.Value, CultureInfo.InvariantCulture), token.Position);
            case JinjaTokenKind.Operator when token.Value == "(":
                if (Current.IsOperator(")")) { Next(); return new ListExpr([], token.Position, IsTuple: true); }
                var first = ParseExpression();
                if (Current.IsOperator(")")) { Next(); return first; }
                var tuple = new List<JinjaExpr> { first };
                while (Current.IsOperator(",")) { Next(); if (Current.IsOperator(")")) break; tuple.Add(ParseExpression()); }
                ExpectOperator(")");
                return new ListExpr(tuple, token.Position, IsTuple: true);
            case JinjaTokenKind.Operator when token.Value == "[":
                var items = new List<JinjaExpr>();
                while (!Current.IsOperator("]")) { items.Add(ParseExpression()); if (!Current.IsOperator("]")) ExpectOperator(","); }
                Next();
                return new ListExpr(items, token.Position);
            case JinjaTokenKind.Operator when token.Value == "{":
                var entries = new List<(JinjaExpr, JinjaExpr)>();
                while (!Current.IsOperator("}"))
                {
                    var key = ParseExpression();
                    ExpectOperator(":");
                    entries.Add((key, ParseExpression()));
                    if (!Current.IsOperator("}")) ExpectOperator(",");
                }
                Next();
                return new DictExpr(entries, token.Position);
            default:
                throw Syntax($"unexpected '{token.Value}' in an expression", token.Position);
        }
    }

    private JinjaExpr ParsePostfix(JinjaExpr target)
    {
        while (true)
        {
            var token = Current;
            if (token.IsOperator("."))
            {
                Next();
                var name = Next();
                if (name.Kind == JinjaTokenKind.Integer) target = new SubscriptExpr(target, new LiteralExpr(long.Parse(name.Value, CultureInfo.InvariantCulture), name.Position), token.Position);
                else if (name.Kind == JinjaTokenKind.Name) target = new AttributeExpr(target, name.Value, token.Position);
                else throw Syntax("expected an attribute name after '.'", name.Position);
            }
            else if (token.IsOperator("[")) { Next(); target = ParseSubscript(target, token.Position); }
            else if (token.IsOperator("(")) { Next(); target = new CallExpr(target, ParseArguments(), token.Position); }
            else return target;
        }
    }

    private JinjaExpr ParseSubscript(JinjaExpr target, int position)
    {
        JinjaExpr? start = Current.IsOperator(":") ? null : ParseExpression();
        if (Current.IsOperator("]")) { Next(); return new SubscriptExpr(target, start!, position); }
        ExpectOperator(":");
        JinjaExpr? stop = Current.IsOperator(":") || Current.IsOperator("]") ? null : ParseExpression();
        JinjaExpr? step = null;
        if (Current.IsOperator(":")) { Next(); step = Current.IsOperator("]") ? null : ParseExpression(); }
        ExpectOperator("]");
        return new SliceExpr(target, start, stop, step, position);
    }

    // After "(": positional and name=value arguments up to ")".
    private JinjaArguments ParseArguments()
    {
        var positional = new List<JinjaExpr>();
        var named = new List<(string, JinjaExpr)>();
        while (!Current.IsOperator(")"))
        {
            if (Current.Kind == JinjaTokenKind.Name && tokens[_index + 1].IsOperator("="))
            {
                var name = Next().Value;
                Next();
                named.Add((name, ParseExpression()));
            }
            else positional.Add(ParseExpression());
            if (!Current.IsOperator(")")) ExpectOperator(",");
        }
        Next();
        return new JinjaArguments(positional, named);
    }

    private JinjaExpr ParseFiltersAndTests(JinjaExpr target)
    {
        while (true)
        {
            if (Current.IsOperator("|"))
            {
                var position = Next().Position;
                var name = Expect(JinjaTokenKind.Name);
                if (!JinjaFilters.IsKnown(name.Value))
                    throw new NotSupportedException($"Jinja filter '{name.Value}' at {source.Describe(name.Position)} is not supported.");
                var arguments = JinjaArguments.None;
                if (Current.IsOperator("(")) { Next(); arguments = ParseArguments(); }
                target = new FilterExpr(target, name.Value, arguments, position);
            }
            else if (Current.IsName("is"))
            {
                var position = Next().Position;
                var negated = false;
                if (Current.IsName("not")) { Next(); negated = true; }
                var name = Expect(JinjaTokenKind.Name);
                if (!JinjaPredicates.IsKnown(name.Value))
                    throw new NotSupportedException($"Jinja test '{name.Value}' at {source.Describe(name.Position)} is not supported.");
                var arguments = JinjaArguments.None;
                if (Current.IsOperator("(")) { Next(); arguments = ParseArguments(); }
                else if (StartsTestArgument(Current)) arguments = new JinjaArguments([ParsePostfix(ParsePrimary())], []);
                target = new TestExpr(target, name.Value, arguments, negated, position);
            }
            else return target;
        }
    }

    // Jinja reads "x is divisibleby 3" with one bare argument when the next token can start an expression.
    private static bool StartsTestArgument(JinjaToken token) =>
        token.Kind is JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float
        || token.IsOperator("[") || token.IsOperator("{")
        || (token.Kind == JinjaTokenKind.Name && token.Value is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"));
}
