using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// Maps a <see cref="BuiltInDatasets"/> name to its splits. Each generator runs once per process; both distractor
/// datasets share one generation, so their test splits are the same problems.
/// </summary>
public static class BuiltInDataCatalog
{
    private static readonly Lazy<ArithmeticProblems> s_arithmetic = new(ArithmeticProblems.CreateDefault);
    private static readonly Lazy<DistractorProblems> s_distractor = new(DistractorProblems.CreateDefault);

    /// <exception cref="ArgumentException">The name is not a built-in dataset.</exception>
    public static DatasetSplits Load(string dataset) => dataset switch
    {
        BuiltInDatasets.Arithmetic => Arithmetic(s_arithmetic.Value),
        BuiltInDatasets.DistractorClean => Distractor(s_distractor.Value, s_distractor.Value.Clean, withCleanTest: true),
        BuiltInDatasets.DistractorShortcut => Distractor(s_distractor.Value, s_distractor.Value.Shortcut, withCleanTest: false),
        _ => throw new ArgumentException($"Unknown dataset '{dataset}'.", nameof(dataset)),
    };

    private static DatasetSplits Arithmetic(ArithmeticProblems data) =>
        new(data.Train, data.Eval, data.Tokenizer, new Dictionary<string, IReadOnlyList<ArithmeticProblem>>());

    // Eval is the in-distribution test for both: a clean-trained teacher and a shortcut-trained student are then
    // scored on the same problems during training.
    private static DatasetSplits Distractor(DistractorProblems data, IReadOnlyList<ArithmeticProblem> train, bool withCleanTest)
    {
        var extra = new Dictionary<string, IReadOnlyList<ArithmeticProblem>> { [BuiltInDatasets.OodSplit] = data.OodTest };
        if (withCleanTest) extra[BuiltInDatasets.CleanTestSplit] = data.CleanTest;
        return new DatasetSplits(train, data.InDistributionTest, data.Tokenizer, extra);
    }
}
