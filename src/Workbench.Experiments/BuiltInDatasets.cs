namespace Workbench.Experiments;

/// <summary>Datasets the project generates itself, so nothing needs a download.</summary>
public static class BuiltInDatasets
{
    /// <summary>Short word problems with numeric answers ("ann has 3 pens . she gets 4 more ...").</summary>
    public const string Arithmetic = "arithmetic";

    public static IReadOnlyList<string> All { get; } = [Arithmetic];

    /// <summary>Longest tokenized sample of the dataset: a model's context must hold it.</summary>
    public static int MaxSequenceLength(string dataset) => dataset switch
    {
        Arithmetic => 64,
        _ => throw new ArgumentException($"Unknown dataset '{dataset}'.", nameof(dataset)),
    };
}
