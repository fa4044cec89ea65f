namespace Workbench.Experiments.Datasets;

/// <summary>
/// The default split of a line without a "split" field: 90 % train, 10 % eval, by a seeded FNV-1a hash of the prompt.
/// Hashing the prompt (not the line number) keeps the split stable when lines are reordered or added, and puts
/// duplicate prompts in the same split, so eval never sees a prompt seen in training.
/// </summary>
public static class DatasetSplitter
{
    public const ulong Seed = 20240917;
    public const int EvalPercent = 10;

    public static string Assign(string prompt)
    {
        var hash = 14695981039346656037UL ^ Seed;
        foreach (var c in prompt)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash % 100 < EvalPercent ? DatasetSplitNames.Eval : DatasetSplitNames.Train;
    }
}
