namespace Workbench.ModelFolders.ChatTemplates.Jinja;

internal enum JinjaTokenKind
{
    Text,
    OutputStart,
    OutputEnd,
    StatementStart,
    StatementEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    EndOfTemplate,
}

/// <summary>One lexical token; <paramref name="Position"/> is the offset in the (newline-normalised) source.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Value, int Position)
{
    public bool Is(JinjaTokenKind kind, string value) => Kind == kind && Value == value;
    public bool IsName(string name) => Is(JinjaTokenKind.Name, name);
    public bool IsOperator(string op) => Is(JinjaTokenKind.Operator, op);
}
