namespace Workbench.Training.Objectives;

/// <summary>
/// A student layer compared with a teacher layer (objectives.md §4.1), both 1-based blocks; for hidden states 0 is
/// the embedding output.
/// </summary>
public sealed record LayerPair(int Student, int Teacher)
{
    public override string ToString() => $"{Student}→{Teacher}";
}
