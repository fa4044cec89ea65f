namespace Workbench.Training.Tests.Shared;

/// <summary>
/// A multi-minute experiment, not a unit test: skipped unless <c>WORKBENCH_EXPERIMENTS=1</c>, e.g.
/// <c>WORKBENCH_EXPERIMENTS=1 dotnet test tests/Workbench.Training.Tests -c Release --filter FullyQualifiedName~Experiment</c>.
/// </summary>
public sealed class ExperimentFactAttribute : FactAttribute
{
    public const string Variable = "WORKBENCH_EXPERIMENTS";

    public ExperimentFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") Skip = $"Experiment: set {Variable}=1 to run it.";
    }
}
