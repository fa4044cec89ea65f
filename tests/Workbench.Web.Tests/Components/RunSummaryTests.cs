using Workbench.Experiments;
using Workbench.Web.Components.Controls;

namespace Workbench.Web.Tests.Components;

public sealed class RunSummaryTests
{
    [Fact]
    public void Objectives_DemoDistillation_ShowsWeightsAndTemperature() =>
        Assert.Equal("0.5·cross_entropy + 0.5·forward_kl (T=2)", RunSummary.Objectives(RunPresets.DemoDistill.Config));

    [Fact]
    public void Model_FreshOrCheckpoint_DescribesIt()
    {
        Assert.Equal("4×128", RunSummary.Model(RunPresets.DemoTeacher.Config.Student));
        Assert.Equal("demo-teacher", RunSummary.Model(RunPresets.DemoDistill.Config.Teacher));
        Assert.Equal("–", RunSummary.Model(null));
    }
}
