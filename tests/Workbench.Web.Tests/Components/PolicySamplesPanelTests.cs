using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.OnPolicy;
using Workbench.Storage;
using Workbench.Web.Components.Controls;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class PolicySamplesPanelTests : WorkbenchComponentContext
{
    private static PolicySamples Samples(long step, string prompt = "tom has 3 apples .") =>
        new(step, 3, 6, [new PolicySample(prompt, [new PolicyToken("7", -0.1), new PolicyToken("<script>alert(1)</script>", -9), new PolicyToken("<eos>", null)])]);

    [Fact]
    public async Task Render_StoredSamples_TokensColouredByTeacherLogProb_EveryTextEncoded()
    {
        var run = await Store.CreateAsync(new RunConfig());
        await Services.GetRequiredService<PolicySampleStore>().SaveAsync(run.Id, Samples(12, "<img src=x onerror=alert(1)>"));

        var panel = Render<PolicySamplesPanel>(p => p.Add(x => x.RunId, run.Id));

        panel.WaitForAssertion(() => Assert.Equal("12", panel.Find("#policy-step").TextContent));
        Assert.Contains("50", panel.Find("#policy-share").TextContent);
        Assert.Empty(panel.FindAll("#policy-samples script"));
        Assert.Empty(panel.FindAll("#policy-samples img"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", panel.Markup);
        var tokens = panel.FindAll(".policy-token");
        Assert.Equal(["7", "<script>alert(1)</script>", "<eos>"], tokens.Select(t => t.TextContent));
        Assert.Equal("teacher log p = -0.10 (p = 0.905)", tokens[0].GetAttribute("title"));
        Assert.Contains($"background: {PolicyTokenScale.Background(-0.1)}", tokens[0].GetAttribute("style"));
        Assert.Contains($"background: {PolicyTokenScale.Background(PolicyTokenScale.Floor)}", tokens[1].GetAttribute("style"));   // below the floor: full red
        Assert.Equal("no teacher score", tokens[2].GetAttribute("title"));
    }

    [Fact]
    public async Task Render_NothingStored_WaitsThenShowsALiveReport()
    {
        var run = await Store.CreateAsync(new RunConfig());
        var panel = Render<PolicySamplesPanel>(p => p.Add(x => x.RunId, run.Id));
        panel.WaitForAssertion(() => panel.Find("#policy-samples-waiting"));

        Services.GetRequiredService<RunEventFeed>().Publish(new PolicySamplesReported(run.Id, Samples(40)));

        panel.WaitForAssertion(() => Assert.Equal("40", panel.Find("#policy-step").TextContent), TimeSpan.FromSeconds(5));
        Assert.Single(panel.FindAll(".policy-sample"));
    }

    [Theory]
    [InlineData(0.0, 130)]
    [InlineData(-3.0, 65)]
    [InlineData(-6.0, 0)]
    [InlineData(-40.0, 0)]
    public void Hue_GreenAtZero_RedAtTheFloorAndBelow(double logProb, double hue) =>
        Assert.Equal(hue, PolicyTokenScale.Hue(logProb), 1e-9);
}
