namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>A node of the template body: text, an output <c>{{ }}</c>, or a <c>{% %}</c> statement.</summary>
internal abstract record JinjaNode(int Position);

internal sealed record TextNode(string Text, int Position) : JinjaNode(Position);
internal sealed record OutputNode(JinjaExpr Value, int Position) : JinjaNode(Position);
internal sealed record IfNode(IReadOnlyList<(JinjaExpr Condition, IReadOnlyList<JinjaNode> Body)> Branches, IReadOnlyList<JinjaNode> Else, int Position) : JinjaNode(Position);
internal sealed record ForNode(IReadOnlyList<string> Targets, JinjaExpr Iterable, JinjaExpr? Filter, IReadOnlyList<JinjaNode> Body, IReadOnlyList<JinjaNode> Else, int Position) : JinjaNode(Position);
/// <summary><c>{% set name = v %}</c> or, with <see cref="Attribute"/>, <c>{% set ns.attr = v %}</c>.</summary>
internal sealed record SetNode(string Name, string? Attribute, JinjaExpr Value, int Position) : JinjaNode(Position);
internal sealed record SetBlockNode(string Name, IReadOnlyList<JinjaNode> Body, int Position) : JinjaNode(Position);
internal sealed record MacroNode(string Name, IReadOnlyList<(string Name, JinjaExpr? Default)> Parameters, IReadOnlyList<JinjaNode> Body, int Position) : JinjaNode(Position);
internal sealed record BreakNode(int Position) : JinjaNode(Position);
internal sealed record ContinueNode(int Position) : JinjaNode(Position);
