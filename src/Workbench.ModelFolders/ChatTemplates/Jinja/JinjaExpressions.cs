namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>An expression of the tiny AST; <see cref="Position"/> points into the source for error messages.</summary>
internal abstract record JinjaExpr(int Position);

internal sealed record LiteralExpr(object? Value, int Position) : JinjaExpr(Position);
internal sealed record NameExpr(string Name, int Position) : JinjaExpr(Position);
internal sealed record ListExpr(IReadOnlyList<JinjaExpr> Items, int Position, bool IsTuple = false) : JinjaExpr(Position);
internal sealed record DictExpr(IReadOnlyList<(JinjaExpr Key, JinjaExpr Value)> Entries, int Position) : JinjaExpr(Position);
internal sealed record AttributeExpr(JinjaExpr Target, string Name, int Position) : JinjaExpr(Position);
internal sealed record SubscriptExpr(JinjaExpr Target, JinjaExpr Index, int Position) : JinjaExpr(Position);
internal sealed record SliceExpr(JinjaExpr Target, JinjaExpr? Start, JinjaExpr? Stop, JinjaExpr? Step, int Position) : JinjaExpr(Position);
internal sealed record CallExpr(JinjaExpr Callee, JinjaArguments Arguments, int Position) : JinjaExpr(Position);
internal sealed record FilterExpr(JinjaExpr Target, string Name, JinjaArguments Arguments, int Position) : JinjaExpr(Position);
internal sealed record TestExpr(JinjaExpr Target, string Name, JinjaArguments Arguments, bool Negated, int Position) : JinjaExpr(Position);
internal sealed record BinaryExpr(string Operator, JinjaExpr Left, JinjaExpr Right, int Position) : JinjaExpr(Position);
internal sealed record UnaryExpr(string Operator, JinjaExpr Operand, int Position) : JinjaExpr(Position);
internal sealed record ConditionalExpr(JinjaExpr Condition, JinjaExpr Then, JinjaExpr? Else, int Position) : JinjaExpr(Position);

internal sealed record JinjaArguments(IReadOnlyList<JinjaExpr> Positional, IReadOnlyList<(string Name, JinjaExpr Value)> Named)
{
    public static JinjaArguments None { get; } = new([], []);
}
