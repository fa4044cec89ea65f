namespace Workbench.Experiments.Datasets;

/// <summary>What the Datasets page says about each of <see cref="BuiltInDatasets.All"/>.</summary>
public sealed record BuiltInDatasetInfo(string Name, string Description, int TrainCount, int EvalCount)
{
    public static IReadOnlyList<BuiltInDatasetInfo> All { get; } = [.. BuiltInDatasets.All.Select(For)];

    public static BuiltInDatasetInfo For(string name) => name switch
    {
        // Counts mirror ArithmeticProblems.DefaultTrainCount / DefaultEvalCount (Training is not referenced here).
        BuiltInDatasets.Arithmetic => new(name,
            "Generated one-step word problems with a numeric answer (\"ann has 3 pens . she buys 5 more pens . how many pens does ann have ?\" → \"8\"). " +
            "Built from a fixed seed on every machine; nothing to download.", 6000, 500),
        // Counts mirror DistractorProblems.DefaultTrainCount / DefaultTestCount.
        BuiltInDatasets.DistractorClean => new(name,
            "The arithmetic problems with one irrelevant sentence holding a number (GSM-IC style), marked as a gold distractor span; " +
            "the number is independent of the answer. The LeaF demo trains its teacher here. Extra test splits: out of distribution " +
            "(the distractor is a near miss of the answer) and clean.", 6000, 500),
        BuiltInDatasets.DistractorShortcut => new(name,
            "The same problems, but the distractor's number equals the answer in 80 % of training problems, so a small model learns to " +
            "copy it. The LeaF demo trains its student here and distils on it. Extra test split: out of distribution.", 6000, 500),
        _ => new(name, "Built-in dataset.", 0, 0),
    };
}
