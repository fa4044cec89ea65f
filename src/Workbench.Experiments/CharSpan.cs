namespace Workbench.Experiments;

/// <summary>A character range <c>[Start, End)</c> of a string (End exclusive), e.g. a token's offsets or a gold span.</summary>
public readonly record struct CharSpan(int Start, int End)
{
    public int Length => End - Start;

    /// <summary>Number of characters both ranges cover; 0 when they only touch or are apart.</summary>
    public int Overlap(CharSpan other) => Math.Max(0, Math.Min(End, other.End) - Math.Max(Start, other.Start));
}
