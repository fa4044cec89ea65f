namespace Workbench.Web.Analysis;

public enum FilterTokenKind { Key, String, Number, True, False, Null, Operator, And, Or, Not, LeftParen, RightParen, End }

/// <summary>A token of a filter expression; <see cref="Column"/> is 1-based.</summary>
public sealed record FilterToken(FilterTokenKind Kind, string Text, int Column);
