using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class RunsTableTests : WorkbenchComponentContext
{
    private async Task SeedAsync()
    {
        RunConfig Distill(string name, string kind) => new()
        {
            Name = name, Teacher = new ModelRef { Checkpoint = "demo-teacher" }, Objectives = [new ObjectiveTerm { Kind = kind }],
        };
        await SeededRuns.AddAsync(Services, Distill("jsd-good", ObjectiveKinds.Jsd), metrics: [new(MetricNames.EvalAccuracy, 100, 0.8, SeededRuns.Start)]);
        await SeededRuns.AddAsync(Services, Distill("jsd-poor", ObjectiveKinds.Jsd), metrics: [new(MetricNames.EvalAccuracy, 100, 0.3, SeededRuns.Start)]);
        await SeededRuns.AddAsync(Services, Distill("kl-good", ObjectiveKinds.ForwardKl), metrics: [new(MetricNames.EvalAccuracy, 100, 0.9, SeededRuns.Start)]);
    }

    [Fact]
    public async Task Runs_RowMenu_OffersCloneIntoNewRun()
    {
        await SeedAsync();
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var page = Render<Runs>();
        page.WaitForAssertion(() => page.Find("#run-menu-2"));

        page.Find("#run-menu-2 button").Click();

        popovers.WaitForAssertion(() => Assert.Equal("/runs/new?from=2", popovers.Find("#clone-run-2").GetAttribute("href")));
    }

    [Fact]
    public async Task Runs_FilterPlaceholder_ShowsTheExampleWithPlainQuotes()
    {
        await SeedAsync();
        var page = Render<Runs>();
        page.WaitForAssertion(() => Assert.StartsWith("3 of 3", page.Find("#runs-count").TextContent));
        Assert.Equal("objective == \"forward_kl\" and eval.accuracy > 0.6", page.Find("#runs-filter").GetAttribute("placeholder"));
    }

    [Fact]
    public async Task Runs_FilterOnObjectiveAndMetric_ShowsOnlyMatchingRows()
    {
        await SeedAsync();
        var page = Render<Runs>();
        page.WaitForAssertion(() => Assert.StartsWith("3 of 3", page.Find("#runs-count").TextContent));

        page.Find("#runs-filter").Input("objective == \"jsd\" and eval.accuracy > 0.6");

        page.WaitForAssertion(() =>
        {
            Assert.StartsWith("1 of 3", page.Find("#runs-count").TextContent);
            Assert.Contains("jsd-good", page.Find("#runs-table").TextContent);
            Assert.DoesNotContain("kl-good", page.Find("#runs-table").TextContent);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Runs_MalformedFilter_ErrorNamesColumnAndRowsStay()
    {
        await SeedAsync();
        var page = Render<Runs>();
        page.WaitForAssertion(() => Assert.StartsWith("3 of 3", page.Find("#runs-count").TextContent));

        page.Find("#runs-filter").Input("eval.accuracy >");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Expected a value after '>' (column 16)", page.Find(".mud-input-control").TextContent);
            Assert.StartsWith("3 of 3", page.Find("#runs-count").TextContent);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Runs_FilterFromUrl_AppliedOnOpen()
    {
        await SeedAsync();

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/?filter=" + Uri.EscapeDataString("name =~ good"));
        var page = Render<Runs>();

        page.WaitForAssertion(() => Assert.StartsWith("2 of 3", page.Find("#runs-count").TextContent));
    }
}
