namespace Workbench.Experiments;

/// <summary>Datasets the project generates itself, so nothing needs a download.</summary>
public static class BuiltInDatasets
{
    /// <summary>Short word problems with numeric answers ("ann has 3 pens . she gets 4 more ...").</summary>
    public const string Arithmetic = "arithmetic";

    /// <summary>
    /// The arithmetic problems with one irrelevant sentence holding a number (GSM-IC style); the distractor number
    /// is independent of the answer. Teacher recipe: trains a model that ignores the distractor.
    /// </summary>
    public const string DistractorClean = "distractor-clean";

    /// <summary>
    /// The same problems, but the distractor number equals the answer in 80 % of the training problems: a small
    /// model trained on it learns to copy the distractor.
    /// </summary>
    public const string DistractorShortcut = "distractor-shortcut";

    /// <summary>Extra eval split of both distractor datasets: the distractor is always a near miss (answer ± 1 or ± 2).</summary>
    public const string OodSplit = "ood";

    /// <summary>Extra eval split of <see cref="DistractorClean"/>: held-out problems of its own (independent) distribution.</summary>
    public const string CleanTestSplit = "clean-test";

    public static IReadOnlyList<string> All { get; } = [Arithmetic, DistractorClean, DistractorShortcut];

    /// <summary>True for the datasets whose problems carry a gold distractor span.</summary>
    public static bool HasDistractors(string dataset) => dataset is DistractorClean or DistractorShortcut;

    /// <summary>
    /// Names of the held-out splits a run on <paramref name="dataset"/> can be scored on besides its eval split (for
    /// the distractor datasets the eval split is the in-distribution test, the shortcut distribution).
    /// </summary>
    public static IReadOnlyList<string> ExtraEvalSplits(string dataset) => dataset switch
    {
        Arithmetic => [],
        DistractorClean => [OodSplit, CleanTestSplit],
        DistractorShortcut => [OodSplit],
        _ => throw new ArgumentException($"Unknown dataset '{dataset}'.", nameof(dataset)),
    };

    /// <summary>Longest tokenized sample of the dataset: a model's context must hold it.</summary>
    public static int MaxSequenceLength(string dataset) => dataset switch
    {
        Arithmetic => 64,
        DistractorClean or DistractorShortcut => 64,
        _ => throw new ArgumentException($"Unknown dataset '{dataset}'.", nameof(dataset)),
    };
}
