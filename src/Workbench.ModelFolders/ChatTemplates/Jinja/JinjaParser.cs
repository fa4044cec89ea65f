namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Recursive-descent parser from tokens to the tiny AST, with Jinja's operator precedence (lowest first):
/// <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>, <c>+ -</c>, <c>~</c>,
/// <c>* / // %</c>, <c>**</c>, unary minus, then postfix access, calls, filters <c>|f</c> and tests <c>is t</c>.
/// </summary>
internal sealed partial class JinjaParser(List<JinjaToken> tokens, JinjaSource source)
{
    private static readonly HashSet<string> s_comparisons = ["==", "!=", "<", ">", "<=", ">="];
    private int _index;

    private JinjaToken Current => tokens[_index];
    private JinjaToken Next() => tokens[_index++];

    public IReadOnlyList<JinjaNode> ParseTemplate()
    {
        var (body, end) = ParseBody();
        if (end is not null) throw Syntax($"unexpected '{{% {end.Value.Value} %}}'", end.Value.Position);
        return body;
    }

    // Parses nodes until a statement whose keyword is one of endKeywords (left unconsumed after the keyword) or the end.
    private (List<JinjaNode> Body, JinjaToken? End) ParseBody(params string[] endKeywords)
    {
        var nodes = new List<JinjaNode>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case JinjaTokenKind.EndOfTemplate:
                    if (endKeywords.Length > 0) throw Syntax($"missing '{{% {endKeywords[^1]} %}}'", token.Position);
                    _index--;
                    return (nodes, null);
                case JinjaTokenKind.Text:
                    nodes.Add(new TextNode(token.Value, token.Position));
                    break;
                case JinjaTokenKind.OutputStart:
                    nodes.Add(new OutputNode(ParseExpression(), token.Position));
                    Expect(JinjaTokenKind.OutputEnd);
                    break;
                case JinjaTokenKind.StatementStart:
                    var keyword = Expect(JinjaTokenKind.Name);
                    if (endKeywords.Contains(keyword.Value)) return (nodes, keyword);
                    if (IsEndKeyword(keyword.Value)) throw Syntax($"unexpected '{{% {keyword.Value} %}}'", keyword.Position);
                    nodes.Add(ParseStatement(keyword));
                    break;
                default:
                    throw Syntax($"unexpected '{token.Value}'", token.Position);
            }
        }
    }

    private static bool IsEndKeyword(string keyword) => keyword.StartsWith("end", StringComparison.Ordinal) || keyword is "elif" or "else";

    private JinjaNode ParseStatement(JinjaToken keyword)
    {
        switch (keyword.Value)
        {
            case "if": return ParseIf(keyword.Position);
            case "for": return ParseFor(keyword.Position);
            case "set": return ParseSet(keyword.Position);
            case "macro": return ParseMacro(keyword.Position);
            case "break": Expect(JinjaTokenKind.StatementEnd); return new BreakNode(keyword.Position);
            case "continue": Expect(JinjaTokenKind.StatementEnd); return new ContinueNode(keyword.Position);
            case "generation":
                // transformers' AssistantTracker tag: it only marks assistant tokens, the body renders as is.
                Expect(JinjaTokenKind.StatementEnd);
                var (body, _) = ParseBody("endgeneration");
                Expect(JinjaTokenKind.StatementEnd);
                return new IfNode([(new LiteralExpr(true, keyword.Position), body)], [], keyword.Position);
            default:
                throw new NotSupportedException($"Jinja statement '{{% {keyword.Value} %}}' at {source.Describe(keyword.Position)} is not supported.");
        }
    }

    private IfNode ParseIf(int position)
    {
        var branches = new List<(JinjaExpr, IReadOnlyList<JinjaNode>)>();
        var condition = ParseExpression();
        while (true)
        {
            Expect(JinjaTokenKind.StatementEnd);
            var (body, end) = ParseBody("elif", "else", "endif");
            branches.Add((condition, body));
            switch (end!.Value.Value)
            {
                case "elif":
                    condition = ParseExpression();
                    continue;
                case "else":
                    Expect(JinjaTokenKind.StatementEnd);
                    var (elseBody, _) = ParseBody("endif");
                    Expect(JinjaTokenKind.StatementEnd);
                    return new IfNode(branches, elseBody, position);
                default:
                    Expect(JinjaTokenKind.StatementEnd);
                    return new IfNode(branches, [], position);
            }
        }
    }

    private ForNode ParseFor(int position)
    {
        var targets = new List<string> { Expect(JinjaTokenKind.Name).Value };
        while (Current.IsOperator(",")) { Next(); targets.Add(Expect(JinjaTokenKind.Name).Value); }
        ExpectName("in");
        var iterable = ParseOr();
        JinjaExpr? filter = null;
        if (Current.IsName("if")) { Next(); filter = ParseOr(); }
        if (Current.IsName("recursive")) throw new NotSupportedException($"Jinja recursive loops at {source.Describe(Current.Position)} are not supported.");
        Expect(JinjaTokenKind.StatementEnd);
        var (body, end) = ParseBody("else", "endfor");
        Expect(JinjaTokenKind.StatementEnd);
        IReadOnlyList<JinjaNode> elseBody = [];
        if (end!.Value.Value == "else")
        {
            (elseBody, _) = ParseBody("endfor");
            Expect(JinjaTokenKind.StatementEnd);
        }
        return new ForNode(targets, iterable, filter, body, elseBody, position);
    }

    private JinjaNode ParseSet(int position)
    {
        var name = Expect(JinjaTokenKind.Name).Value;
        string? attribute = null;
        if (Current.IsOperator(".")) { Next(); attribute = Expect(JinjaTokenKind.Name).Value; }
        if (Current.IsOperator(","))
            throw new NotSupportedException($"Jinja tuple assignment in '{{% set %}}' at {source.Describe(Current.Position)} is not supported.");
        if (Current.Kind == JinjaTokenKind.StatementEnd && attribute is null)
        {
            Next();
            var (body, _) = ParseBody("endset");
            Expect(JinjaTokenKind.StatementEnd);
            return new SetBlockNode(name, body, position);
        }
        ExpectOperator("=");
        var value = ParseExpression();
        Expect(JinjaTokenKind.StatementEnd);
        return new SetNode(name, attribute, value, position);
    }

    private MacroNode ParseMacro(int position)
    {
        var name = Expect(JinjaTokenKind.Name).Value;
        ExpectOperator("(");
        var parameters = new List<(string, JinjaExpr?)>();
        while (!Current.IsOperator(")"))
        {
            var parameter = Expect(JinjaTokenKind.Name).Value;
            JinjaExpr? defaultValue = null;
            if (Current.IsOperator("=")) { Next(); defaultValue = ParseExpression(); }
            parameters.Add((parameter, defaultValue));
            if (!Current.IsOperator(")")) ExpectOperator(",");
        }
        Next();
        Expect(JinjaTokenKind.StatementEnd);
        var (body, _) = ParseBody("endmacro");
        Expect(JinjaTokenKind.StatementEnd);
        return new MacroNode(name, parameters, body, position);
    }

    private JinjaToken Expect(JinjaTokenKind kind)
    {
        var token = Next();
        if (token.Kind != kind) throw Syntax($"expected {Describe(kind)} but found '{token.Value}'", token.Position);
        return token;
    }

    private void ExpectOperator(string op)
    {
        var token = Next();
        if (!token.IsOperator(op)) throw Syntax($"expected '{op}' but found '{token.Value}'", token.Position);
    }

    private void ExpectName(string name)
    {
        var token = Next();
        if (!token.IsName(name)) throw Syntax($"expected '{name}' but found '{token.Value}'", token.Position);
    }

    private static string Describe(JinjaTokenKind kind) => kind switch
    {
        JinjaTokenKind.OutputEnd => "'}}'",
        JinjaTokenKind.StatementEnd => "'%}'",
        JinjaTokenKind.Name => "a name",
        _ => kind.ToString(),
    };

    private ChatTemplateException Syntax(string what, int position) => new($"Jinja syntax error: {what} at {source.Describe(position)}.");
}
