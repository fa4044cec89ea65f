using Workbench.Training.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Devices;

public sealed class DeviceSelectorTests
{
    [Fact]
    public void Select_Cpu_ReturnsCpu()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Select("cpu").type);
    }

    [Fact]
    public void Select_Auto_ReturnsCudaOnlyWhenAvailable()
    {
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, DeviceSelector.Select("auto").type);
    }

    [Fact]
    public void Select_CudaWithoutCuda_ThrowsInvalidOperationWithClearMessage()
    {
        if (cuda.is_available()) return;   // only meaningful on a machine without CUDA (this build ships CPU libtorch)
        var ex = Assert.Throws<InvalidOperationException>(() => DeviceSelector.Select("cuda"));
        Assert.Contains("CUDA is not available", ex.Message);
    }

    [Fact]
    public void Select_UnknownName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DeviceSelector.Select("tpu"));
    }
}
