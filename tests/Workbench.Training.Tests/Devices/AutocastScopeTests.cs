using TorchSharp;
using Workbench.Training.Devices;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Devices;

public sealed class AutocastScopeTests : TorchTest
{
    [Fact]
    public void Autocast_OnCpu_IsANoOpAndMatmulStaysFloat32()
    {
        using var a = randn(4, 8);
        using var b = randn(8, 3);

        using (var scope = DeviceSelector.Autocast(CPU))
        {
            Assert.False(scope.IsActive);
            Assert.False(AutocastScope.IsEnabled(DeviceType.CPU));
            using var product = a.mm(b);
            Assert.Equal(ScalarType.Float32, product.dtype);
        }
    }

    // The CUDA path calls the same libtorch functions with DeviceType.CUDA; on CPU libtorch's CPU autocast shows they bind and work.
    [Fact]
    public void Enter_CpuAutocastInBf16_MatmulRunsInBf16_AndDisposeRestores()
    {
        using var a = randn(4, 8);
        using var b = randn(8, 3);

        using (var scope = AutocastScope.Enter(DeviceType.CPU, ScalarType.BFloat16))
        {
            Assert.True(scope.IsActive);
            Assert.True(AutocastScope.IsEnabled(DeviceType.CPU));
            using var product = a.mm(b);
            Assert.Equal(ScalarType.BFloat16, product.dtype);
        }

        Assert.False(AutocastScope.IsEnabled(DeviceType.CPU));
        using var after = a.mm(b);
        Assert.Equal(ScalarType.Float32, after.dtype);
    }

    [Fact]
    public void Memory_OnCpu_ReportsTheProcessOnly()
    {
        var memory = DeviceSelector.Memory(CPU);

        Assert.Equal("cpu", memory.Device);
        Assert.True(memory.ProcessResident > 10_000_000, $"resident set {memory.ProcessResident} bytes");
        Assert.Null(memory.DeviceUsed);
        Assert.Null(memory.DeviceTotal);
    }
}
