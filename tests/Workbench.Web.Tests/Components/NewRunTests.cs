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

        page.Find("#field-student-width").Input("65");

        page.WaitForAssertion(() => Assert.Contains("Width (65) must be divisible by heads (2).", page.Markup));
    }

    [Fact]
    public async Task NewRun_AddObjectiveThenKindJsdAndBetaAboveOne_ShowsMessageOnBeta()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();
        Assert.Empty(page.FindAll("#field-objectives-2-beta"));

        page.Find("#add-objective").Click();
        var kind = page.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.UserAttributes["id"] is "field-objectives-2-kind");
        await page.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(ObjectiveKinds.Jsd));
        page.Find("#field-objectives-2-beta").Input("1.5");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("β must be between 0 and 1.", page.Markup);
            Assert.Contains("objectives[2].beta:", page.Find("#form-errors").TextContent);
            Assert.Contains("\"kind\": \"jsd\"", page.Find("#config-preview").TextContent);
        });
    }

    [Fact]
    public void NewRun_RemoveObjective_TakesItOutOfTheDraft()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<NewRun>();
        Assert.Contains("forward_kl", page.Find("#config-preview").TextContent);

        page.Find("#remove-objective-1").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("forward_kl", page.Find("#config-preview").TextContent));
        Assert.Empty(page.FindAll("#field-objectives-1-weight"));
    }

    [Fact]
    public async Task NewRun_ParameterFields_OnlyForKindsThatTakeOne()
    {
        var run = await Store.CreateAsync(FullConfigs.EveryField);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"runs/new?from={run.Id}");
        var page = Render<NewRun>();
        // CE, forward KL, JSD (β), skew KL (α), top-k (k, missing mass), Plackett–Luce (ranks), value relation (heads, layer map), hidden MSE (layer map)
        page.WaitForAssertion(() => Assert.Equal(
            ["field-objectives-2-beta", "field-objectives-3-skew-alpha", "field-objectives-4-top-k", "field-objectives-5-top-k", "field-objectives-6-relation-heads"],
            page.FindAll("input[id^='field-objectives-'][id$='-beta'], input[id^='field-objectives-'][id$='-skew-alpha'], input[id^='field-objectives-'][id$='-top-k'], input[id^='field-objectives-'][id$='-relation-heads']").Select(e => e.Id)));
        Assert.Equal(["field-objectives-6-layer-map", "field-objectives-7-layer-map"], page.FindAll("input[id$='-layer-map']").Select(e => e.Id));
        Assert.Empty(page.FindAll("#field-objectives-0-temperature"));   // cross-entropy has no temperature
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
