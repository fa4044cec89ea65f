using System.Globalization;

namespace Workbench.Web.Analysis;

/// <summary>Splits a filter expression into tokens: keys (<c>teacher.checkpoint</c>, <c>objectives[0].kind</c>, <c>eval/accuracy</c>), quoted strings, numbers, operators.</summary>
public static class FilterLexer
{
    private static readonly string[] s_operators = ["==", "!=", "<=", ">=", "=~", "<", ">", "="];

    public static IReadOnlyList<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var column = i + 1;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(') { tokens.Add(new(FilterTokenKind.LeftParen, "(", column)); i++; continue; }
            if (c == ')') { tokens.Add(new(FilterTokenKind.RightParen, ")", column)); i++; continue; }
            if (c is '"' or '\'') { tokens.Add(ReadString(text, ref i)); continue; }
            if (c == '&' && At(text, i, "&&")) { tokens.Add(new(FilterTokenKind.And, "&&", column)); i += 2; continue; }
            if (c == '|' && At(text, i, "||")) { tokens.Add(new(FilterTokenKind.Or, "||", column)); i += 2; continue; }
            if (c == '!' && !At(text, i, "!=")) { tokens.Add(new(FilterTokenKind.Not, "!", column)); i++; continue; }
            if (s_operators.FirstOrDefault(op => At(text, i, op)) is { } op)
            {
                tokens.Add(new(FilterTokenKind.Operator, op == "=" ? "==" : op, column));
                i += op.Length;
                continue;
            }
            if (char.IsDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                tokens.Add(ReadWord(text, ref i));
                continue;
            }
            throw new FilterSyntaxException($"Unexpected character '{c}'", column);
        }
        tokens.Add(new(FilterTokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static bool At(string text, int i, string s) => string.CompareOrdinal(text, i, s, 0, s.Length) == 0;

    private static FilterToken ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var value = new System.Text.StringBuilder();
        for (i++; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) { value.Append(text[++i]); continue; }
            if (text[i] == quote) { i++; return new(FilterTokenKind.String, value.ToString(), start + 1); }
            value.Append(text[i]);
        }
        throw new FilterSyntaxException($"Unterminated string: missing closing {quote}", start + 1);
    }

    private static FilterToken ReadNumber(string text, ref int i)
    {
        var start = i;
        i++;
        while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E'))) i++;
        var literal = text[start..i];
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new FilterSyntaxException($"'{literal}' is not a number", start + 1);
        return new(FilterTokenKind.Number, literal, start + 1);
    }

    private static FilterToken ReadWord(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '/' or '[' or ']' or '-')) i++;
        var word = text[start..i];
        var kind = word.ToLowerInvariant() switch
        {
            "and" => FilterTokenKind.And,
            "or" => FilterTokenKind.Or,
            "not" => FilterTokenKind.Not,
            "true" => FilterTokenKind.True,
            "false" => FilterTokenKind.False,
            "null" => FilterTokenKind.Null,
            _ => FilterTokenKind.Key,
        };
        return new(kind, word, start + 1);
    }
}
