namespace Workbench.Training.Leaf;

/// <summary>Token indices <c>[Start, End)</c> within a scored region (End exclusive): one LeaF span (§2.6).</summary>
public readonly record struct TokenSpan(int Start, int End)
{
    public int Length => End - Start;
}
