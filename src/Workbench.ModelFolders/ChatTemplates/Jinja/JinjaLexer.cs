using System.Globalization;
using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Splits a template into text and tag tokens with the whitespace rules transformers renders with:
/// <c>trim_blocks</c> (the first newline after a block or comment tag is dropped), <c>lstrip_blocks</c> (spaces and tabs
/// from the start of a line up to a block or comment tag are dropped) and explicit <c>-</c> / <c>+</c> markers.
/// </summary>
internal sealed class JinjaLexer(JinjaSource source)
{
    private static readonly string[] s_operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "|", ".", ",", ":", "(", ")", "[", "]", "{", "}", "<", ">", "="];

    private readonly string _text = source.Text;
    private readonly List<JinjaToken> _tokens = [];
    private int _pos;

    public List<JinjaToken> Tokenize()
    {
        while (_pos < _text.Length)
        {
            var open = FindTagOpen(_pos);
            var textStart = _pos;
            var text = _text[textStart..(open < 0 ? _text.Length : open)];
            if (open >= 0) text = StripBeforeTag(text, textStart, open);
            if (text.Length > 0) _tokens.Add(new JinjaToken(JinjaTokenKind.Text, text, textStart));
            if (open < 0) break;
            LexTag(open);
        }
        _tokens.Add(new JinjaToken(JinjaTokenKind.EndOfTemplate, "", _text.Length));
        return _tokens;
    }

    private int FindTagOpen(int from)
    {
        for (var i = from; i < _text.Length - 1; i++)
            if (_text[i] == '{' && _text[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    private string StripBeforeTag(string text, int textStart, int tagStart)
    {
        var marker = tagStart + 2 < _text.Length ? _text[tagStart + 2] : '\0';
        if (marker == '-') return text.TrimEnd();
        if (_text[tagStart + 1] == '{' || marker == '+') return text;
        // lstrip_blocks: only when nothing but spaces stands between the line start and the tag.
        var lineStart = text.LastIndexOf('\n') + 1;
        var lineStarting = textStart == 0 || _text[textStart - 1] == '\n';
        if (lineStart == 0 && !lineStarting) return text;
        for (var i = lineStart; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i])) return text;
        return text[..lineStart];
    }

    private void LexTag(int open)
    {
        var kind = _text[open + 1];
        _pos = open + 2;
        if (_pos < _text.Length && _text[_pos] is '-' or '+') _pos++;
        if (kind == '#')
        {
            var end = _text.IndexOf("#}", _pos, StringComparison.Ordinal);
            if (end < 0) throw Error("unclosed comment", open);
            var stripAfter = _text[end - 1] == '-' && end - 1 >= _pos;
            var keepNewline = _text[end - 1] == '+' && end - 1 >= _pos;
            _pos = end + 2;
            AfterTagEnd(stripAfter, trimNewline: !keepNewline);
            return;
        }
        var isOutput = kind == '{';
        _tokens.Add(new JinjaToken(isOutput ? JinjaTokenKind.OutputStart : JinjaTokenKind.StatementStart, isOutput ? "{{" : "{%", open));
        LexTagBody(isOutput, open);
    }

    private void LexTagBody(bool isOutput, int open)
    {
        var depth = 0;
        var close = isOutput ? "}}" : "%}";
        while (true)
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
            if (_pos >= _text.Length) throw Error($"missing '{close}' for the tag", open);
            if (depth == 0 && TryTagEnd(isOutput, close)) return;
            var c = _text[_pos];
            if (c is '\'' or '"') LexString(c);
            else if (char.IsDigit(c)) LexNumber();
            else if (char.IsLetter(c) || c == '_') LexName();
            else LexOperator(ref depth);
        }
    }

    private bool TryTagEnd(bool isOutput, string close)
    {
        var start = _pos;
        var marker = _text[_pos] is '-' or '+' ? _text[_pos] : '\0';
        var at = marker == '\0' ? _pos : _pos + 1;
        if (string.CompareOrdinal(_text, at, close, 0, 2) != 0) return false;
        _tokens.Add(new JinjaToken(isOutput ? JinjaTokenKind.OutputEnd : JinjaTokenKind.StatementEnd, close, start));
        _pos = at + 2;
        AfterTagEnd(marker == '-', trimNewline: !isOutput && marker != '+');
        return true;
    }

    private void AfterTagEnd(bool stripAfter, bool trimNewline)
    {
        if (stripAfter)
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        else if (trimNewline && _pos < _text.Length && _text[_pos] == '\n')
            _pos++;                                                         // trim_blocks
    }

    private void LexString(char quote)
    {
        var start = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string", start);
            var c = _text[_pos++];
            if (c == quote) break;
            if (c != '\\' || _pos >= _text.Length) { value.Append(c); continue; }
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case '0': value.Append('\0'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case '\\': case '\'': case '"': value.Append(e); break;
                case '\n': break;                                           // line continuation, as in Python
                case 'x': value.Append(HexChar(2)); break;
                case 'u': value.Append(HexChar(4)); break;
                case 'U': value.Append(char.ConvertFromUtf32(int.Parse(_text.AsSpan(_pos, 8), NumberStyles.HexNumber))); _pos += 8; break;
                default: value.Append('\\').Append(e); break;               // Python keeps unknown escapes
            }
        }
        _tokens.Add(new JinjaToken(JinjaTokenKind.String, value.ToString(), start));
    }

    private char HexChar(int digits)
    {
        var c = (char)int.Parse(_text.AsSpan(_pos, digits), NumberStyles.HexNumber);
        _pos += digits;
        return c;
    }

    private void LexNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        var isFloat = _pos + 1 < _text.Length && _text[_pos] == '.' && char.IsDigit(_text[_pos + 1]);
        if (isFloat)
        {
            _pos++;
            while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
        }
        // An exponent makes a float too, as in Python: 1e3, 2.5E-2.
        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            var digits = _pos + 1 < _text.Length && _text[_pos + 1] is '+' or '-' ? _pos + 2 : _pos + 1;
            if (digits < _text.Length && char.IsDigit(_text[digits]))
            {
                isFloat = true;
                _pos = digits;
                while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
            }
        }
        var text = _text[start.._pos].Replace("_", "");
        _tokens.Add(new JinjaToken(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, text, start));
    }

    private void LexName()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        _tokens.Add(new JinjaToken(JinjaTokenKind.Name, _text[start.._pos], start));
    }

    private void LexOperator(ref int depth)
    {
        foreach (var op in s_operators)
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) != 0) continue;
            if (op is "(" or "[" or "{") depth++;
            if (op is ")" or "]" or "}") depth--;
            _tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, _pos));
            _pos += op.Length;
            return;
        }
        throw new NotSupportedException($"Jinja: unexpected character '{_text[_pos]}' at {source.Describe(_pos)}.");
    }

    private ChatTemplateException Error(string what, int position) => new($"Jinja syntax error: {what} at {source.Describe(position)}.");
}
