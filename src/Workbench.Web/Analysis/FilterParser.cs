using System.Globalization;

namespace Workbench.Web.Analysis;

/// <summary>Recursive descent over <see cref="FilterLexer"/> tokens (grammar on <see cref="FilterExpression"/>).</summary>
internal sealed class FilterParser(IReadOnlyList<FilterToken> tokens)
{
    private int _position;

    private FilterToken Current => tokens[_position];

    public FilterExpression ParseAll()
    {
        var expression = ParseOr();
        if (Current.Kind == FilterTokenKind.RightParen) throw new FilterSyntaxException("Unmatched ')'", Current.Column);
        if (Current.Kind != FilterTokenKind.End)
            throw new FilterSyntaxException($"Expected 'and' or 'or' before '{Current.Text}'", Current.Column);
        return expression;
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == FilterTokenKind.Or)
        {
            _position++;
            left = new FilterExpression.Or(left, ParseAnd());
        }
        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        while (Current.Kind == FilterTokenKind.And)
        {
            _position++;
            left = new FilterExpression.And(left, ParseUnary());
        }
        return left;
    }

    private FilterExpression ParseUnary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case FilterTokenKind.Not:
                _position++;
                return new FilterExpression.Not(ParseUnary());
            case FilterTokenKind.LeftParen:
                _position++;
                var inner = ParseOr();
                if (Current.Kind != FilterTokenKind.RightParen)
                    throw new FilterSyntaxException($"Expected ')' to close the '(' at column {token.Column}", Current.Column);
                _position++;
                return inner;
            case FilterTokenKind.Key:
                return ParseComparison();
            case FilterTokenKind.End:
                throw new FilterSyntaxException("Expected a condition such as eval.accuracy > 0.5, but the expression ended", token.Column);
            default:
                throw new FilterSyntaxException($"Expected a key (e.g. learningRate) but found '{token.Text}'", token.Column);
        }
    }

    private FilterExpression ParseComparison()
    {
        var key = Current;
        _position++;
        var op = Current;
        if (op.Kind != FilterTokenKind.Operator)
            throw new FilterSyntaxException(
                op.Kind == FilterTokenKind.End
                    ? $"Expected an operator (==, !=, <, <=, >, >=, =~) after '{key.Text}'"
                    : $"Expected an operator (==, !=, <, <=, >, >=, =~) after '{key.Text}' but found '{op.Text}'",
                op.Column);
        _position++;
        var value = Current;
        object? literal = value.Kind switch
        {
            FilterTokenKind.String => value.Text,
            FilterTokenKind.Number => double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture),
            FilterTokenKind.True => true,
            FilterTokenKind.False => false,
            FilterTokenKind.Null => null,
            // A bare word reads as a string (status == completed), the way people type it.
            FilterTokenKind.Key => value.Text,
            FilterTokenKind.End => throw new FilterSyntaxException($"Expected a value after '{op.Text}'", value.Column),
            _ => throw new FilterSyntaxException($"Expected a value after '{op.Text}' but found '{value.Text}'", value.Column),
        };
        _position++;
        if (op.Text is "<" or "<=" or ">" or ">=" && literal is null or bool)
            throw new FilterSyntaxException($"'{op.Text}' needs a number or a string", value.Column);
        return new FilterExpression.Comparison(key.Text, op.Text, literal);
    }
}
