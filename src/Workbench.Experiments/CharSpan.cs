namespace Workbench.Experiments;

/// <summary>A range of UTF-16 character offsets into a string: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
public readonly record struct CharSpan(int Start, int End)
{
    public int Length => End - Start;
}
