namespace Workbench.Experiments;

/// <summary>
/// A range of characters <c>[Start, End)</c> in a text (end exclusive), e.g. a gold distractor sentence inside
/// a prompt or the text of one token.
/// </summary>
public readonly record struct CharSpan
{
    public CharSpan(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        Start = start;
        End = end;
    }

    public int Start { get; }
    /// <summary>One past the last character.</summary>
    public int End { get; }
    public int Length => End - Start;

    /// <summary>True when the two ranges share at least one character.</summary>
    public bool Overlaps(CharSpan other) => Start < other.End && other.Start < End;

    /// <summary>The characters of <paramref name="text"/> in this range.</summary>
    public string Of(string text) => text[Start..End];

    public override string ToString() => $"[{Start}, {End})";
}
