namespace Workbench.Experiments;

/// <summary>
/// A range of characters <c>[Start, End)</c> in a text (end exclusive), e.g. a gold distractor sentence inside
/// a prompt or the text of one token.
/// </summary>
public readonly record struct CharSpan(int Start, int End)
{
    public int Start { get; } = Start >= 0 ? Start : throw new ArgumentOutOfRangeException(nameof(Start), Start, "A character range cannot start before 0.");
    /// <summary>One past the last character.</summary>
    public int End { get; } = End >= Start ? End : throw new ArgumentOutOfRangeException(nameof(End), End, "A character range cannot end before it starts.");

    public int Length => End - Start;

    /// <summary>Number of characters both ranges cover; 0 when they only touch or are apart.</summary>
    public int Overlap(CharSpan other) => Math.Max(0, Math.Min(End, other.End) - Math.Max(Start, other.Start));

    /// <summary>True when the two ranges share at least one character.</summary>
    public bool Overlaps(CharSpan other) => Start < other.End && other.Start < End;

    /// <summary>The characters of <paramref name="text"/> in this range.</summary>
    public string Of(string text) => text[Start..End];

    public override string ToString() => $"[{Start}, {End})";
}
