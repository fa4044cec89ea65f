using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Workbench.Experiments;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class NewRunTests : WorkbenchComponentContext
{
    [Fact]
    public void NewRun_StepsSetToZero_ShowsMessageNamingSteps()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();

        page.Find("#field-steps").Input("0");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Steps must be between 1 and", page.Markup);
            Assert.Contains("steps:", page.Find("#form-errors").TextContent);
        });
    }

    [Fact]
    public void NewRun_GradientAccumulationZero_ShowsMessageNamingIt()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();

        page.Find("#field-grad-accumulation").Input("0");

        page.WaitForAssertion(() => Assert.Contains("gradAccumulation:", page.Find("#form-errors").TextContent));
    }

    [Fact]
    public void NewRun_WidthNotDivisibleByHeads_ShowsMessageOnWidth()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();

        page.Find("#field-width").Input("65");

        page.WaitForAssertion(() => Assert.Contains("Width (65) must be divisible by heads (2).", page.Markup));
    }

    [Fact]
    public void NewRun_JsdBetaAboveOne_ShowsMessageOnBeta()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();
        Assert.True(page.Find("#param-jsd").HasAttribute("disabled"));

        page.Find("#objective-jsd").Change(true);
        page.Find("#param-jsd").Input("1.5");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("β must be between 0 and 1.", page.Markup);
            Assert.Contains("objectives[2].beta:", page.Find("#form-errors").TextContent);
        });
    }

    [Fact]
    public void NewRun_ParameterRows_OnlyForKindsWithAParameter()
    {
        var page = Render<NewRun>();
        Assert.Equal(["param-jsd", "param-skew_kl", "param-skew_reverse_kl", "param-top_k_kl", "param-plackett_luce", "param-value_relation"],
                     page.FindAll("input[id^='param-']").Select(e => e.Id));
    }

    [Fact]
    public async Task NewRun_ValidDemoPreset_StartQueuesRunAndNavigates()
    {
        await Store.CreateAsync(RunPresets.DemoTeacher.Config);   // the teacher the preset names is queued
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();

        page.Find("#start-run").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/runs/2", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri));
        var run = await Store.GetAsync(2);
        Assert.Equal(RunStatus.Queued, run!.Status);
        Assert.Equal("demo-distill", run.Name);
    }
}
