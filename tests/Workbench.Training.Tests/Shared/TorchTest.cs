using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>Base for tests that run libtorch: one intra-op thread (the suite runs classes in parallel on 2 cores).</summary>
public abstract class TorchTest
{
    protected TorchTest()
    {
        set_num_threads(1);
    }
}
