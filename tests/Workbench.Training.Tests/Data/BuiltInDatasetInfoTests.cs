using Workbench.Experiments.Datasets;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class BuiltInDatasetInfoTests
{
    // The Datasets page shows these counts; Experiments cannot reference the generator, so check they agree here.
    [Fact]
    public void Arithmetic_Counts_MatchTheGenerator()
    {
        var info = BuiltInDatasetInfo.For(Workbench.Experiments.BuiltInDatasets.Arithmetic);
        Assert.Equal((ArithmeticProblems.DefaultTrainCount, ArithmeticProblems.DefaultEvalCount), (info.TrainCount, info.EvalCount));
    }
}
