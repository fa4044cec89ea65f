using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments.Evaluation;
using Workbench.Storage;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class RunPredictionsTests : WorkbenchComponentContext
{
    private static SamplePrediction Student(long step, int i, bool correct, bool copied = false) =>
        new("ood", step, i, PredictionModels.Student, correct ? "4" : "7", correct ? "4" : "7", correct, copied);

    private async Task<int> SeedAsync()
    {
        var run = await Services.GetRequiredService<RunStore>().CreateAsync(TinyConfigs.Teacher("predicted"));
        var store = Services.GetRequiredService<PredictionStore>();
        // Sample 0 is fixed by step 50, sample 1 copies the <b>7</b> in its span at step 50.
        await store.AddAsync(run.Id, new EvalPredictions("ood", 0,
            [new EvalSample("ood", 0, "ann has 4 pens . tom is 7 .", "4", [[17, 27]]), new EvalSample("ood", 1, "<b>7</b> ann has 4 .", "4", [[0, 8]])],
            [Student(0, 0, false), Student(0, 1, true), new SamplePrediction("ood", 0, 0, PredictionModels.Teacher, "4", "4", true, false)]));
        await store.AddAsync(run.Id, new EvalPredictions("ood", 50, [], [Student(50, 0, true), Student(50, 1, false, copied: true)]));
        return run.Id;
    }

    [Fact]
    public async Task Render_Predictions_MarksSpansShowsAnswersAndFiltersWithCounts()
    {
        var id = await SeedAsync();

        var page = Render<RunPredictions>(p => p.Add(c => c.RunId, id));
        page.WaitForElement("#predictions-table tr[data-sample='1']");

        Assert.Equal("tom is 7 .", page.Find("tr[data-sample='0'] mark").TextContent);
        Assert.Empty(page.FindAll("#predictions-table td b b"));                       // "<b>7</b>" is text, not markup
        Assert.Contains("&lt;b&gt;7&lt;/b&gt;", page.Find("tr[data-sample='1'] mark").InnerHtml);
        Assert.Equal("true", page.Find("tr[data-sample='0'] .prediction-now [data-correct]").GetAttribute("data-correct"));
        Assert.NotNull(page.Find("tr[data-sample='1'] .prediction-now .copied-flag"));
        Assert.Contains("step 50", page.Find("#prediction-step").TextContent);
        Assert.Contains("fixed by distillation · 1", page.Find("[data-filter='fixed']").TextContent);

        await page.InvokeAsync(() => page.Find("[data-filter='broken']").Click());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#predictions-table tbody tr")));
        Assert.NotNull(page.Find("tr[data-sample='1']"));
    }

    [Fact]
    public async Task Render_RunWithoutPredictions_SaysHowToGetThem()
    {
        var run = await Services.GetRequiredService<RunStore>().CreateAsync(TinyConfigs.Teacher("plain"));
        var page = Render<RunPredictions>(p => p.Add(c => c.RunId, run.Id));
        page.WaitForElement("#no-predictions");
    }
}
