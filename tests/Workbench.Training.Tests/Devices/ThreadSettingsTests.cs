using Workbench.Training.Devices;

namespace Workbench.Training.Tests.Devices;

public sealed class ThreadSettingsTests
{
    [Fact]
    public void Resolve_Zero_LeavesOneCoreFree()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), ThreadSettings.Resolve(0));
    }

    [Fact]
    public void Resolve_Explicit_KeepsIt()
    {
        Assert.Equal(3, ThreadSettings.Resolve(3));
    }

    [Fact]
    public void Resolve_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadSettings.Resolve(-1));
    }

    [Fact]
    public void Apply_One_SetsLibtorchThreads()
    {
        Assert.Equal(1, ThreadSettings.Apply(1));
        Assert.Equal(1, TorchSharp.torch.get_num_threads());
    }
}
