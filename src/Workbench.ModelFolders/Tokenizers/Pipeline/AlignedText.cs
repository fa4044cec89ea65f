using System.Text;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// Text on its way through a tokenizer (the <c>tokenizers</c> library's NormalizedString): every UTF-16 unit remembers the
/// range of the original text it came from, so tokens found after normalisation and pre-tokenisation still know where
/// they stand in what the user wrote.
/// </summary>
internal sealed class AlignedText
{
    private readonly int[] _starts, _ends;

    private AlignedText(string text, int[] starts, int[] ends, int origin)
    {
        Text = text;
        _starts = starts;
        _ends = ends;
        Origin = origin;
    }

    public string Text { get; }

    /// <summary>Where in the original text this piece begins (for an empty piece, where it stood).</summary>
    public int Origin { get; }

    public int Length => Text.Length;

    /// <summary><paramref name="text"/>[start..end], each unit aligned to itself.</summary>
    public static AlignedText Original(string text, int start, int end)
    {
        var starts = new int[end - start];
        var ends = new int[end - start];
        for (var i = start; i < end; i++)
        {
            // Both halves of a surrogate pair stand for the whole code point.
            var pairStart = char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]) ? i - 1 : i;
            var pairEnd = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? i + 2 : i + 1;
            (starts[i - start], ends[i - start]) = (pairStart, pairEnd);
        }
        return new AlignedText(text[start..end], starts, ends, start);
    }

    /// <summary>The original range of units [start, end) of this text.</summary>
    public (int Start, int End) OriginalRange(int start, int end) =>
        end <= start ? (start < Length ? _starts[start] : End(), start < Length ? _starts[start] : End())
                     : (_starts[start], _ends[end - 1]);

    private int End() => Length > 0 ? _ends[^1] : Origin;

    public AlignedText Slice(int start, int end) =>
        new(Text[start..end], _starts[start..end], _ends[start..end], start < Length ? _starts[start] : End());

    /// <summary>Rebuilds the text code point by code point: each one becomes <paramref name="map"/>'s string, aligned to it.</summary>
    public AlignedText MapCodePoints(Func<Rune, int, string> map)
    {
        var builder = new Builder(Origin);
        for (var i = 0; i < Length;)
        {
            var rune = Rune.GetRuneAt(Text, i);
            var width = rune.Utf16SequenceLength;
            builder.Append(map(rune, i), _starts[i], _ends[i + width - 1]);
            i += width;
        }
        return builder.Build();
    }

    /// <summary>Replaces the ranges <paramref name="matches"/> (sorted, disjoint) by their replacement, aligned to the whole range.</summary>
    public AlignedText Replace(IEnumerable<(int Start, int End)> matches, Func<string, string> replacement)
    {
        var builder = new Builder(Origin);
        var at = 0;
        foreach (var (start, end) in matches)
        {
            for (; at < start; at++) builder.Append(Text[at], _starts[at], _ends[at]);
            var (from, to) = OriginalRange(start, end);
            builder.Append(replacement(Text[start..end]), from, to);
            at = end;
        }
        for (; at < Length; at++) builder.Append(Text[at], _starts[at], _ends[at]);
        return builder.Build();
    }

    /// <summary><paramref name="prefix"/> + this text; the prefix is aligned to the first code point, as the library does.</summary>
    public AlignedText Prepend(string prefix)
    {
        var (from, to) = Length > 0 ? (_starts[0], _ends[0]) : (Origin, Origin);
        var builder = new Builder(Origin);
        builder.Append(prefix, from, to);
        for (var i = 0; i < Length; i++) builder.Append(Text[i], _starts[i], _ends[i]);
        return builder.Build();
    }

    /// <summary>Collects units and their original ranges.</summary>
    public sealed class Builder(int origin)
    {
        private readonly StringBuilder _text = new();
        private readonly List<int> _starts = [], _ends = [];

        public void Append(string text, int start, int end)
        {
            foreach (var c in text) Append(c, start, end);
        }

        public void Append(char c, int start, int end)
        {
            _text.Append(c);
            _starts.Add(start);
            _ends.Add(end);
        }

        public AlignedText Build() => new(_text.ToString(), [.. _starts], [.. _ends], origin);
    }
}
