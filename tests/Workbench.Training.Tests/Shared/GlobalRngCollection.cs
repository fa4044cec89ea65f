namespace Workbench.Training.Tests.Shared;

/// <summary>
/// Tests that compare two runs weight for weight. libtorch's default generator is process-wide, and some modules (the
/// feature projections) draw their initial weights from it, so a test class running in parallel would shift the draws
/// of one run and not the other. These run alone.
/// </summary>
[CollectionDefinition(nameof(GlobalRngCollection), DisableParallelization = true)]
public sealed class GlobalRngCollection;
