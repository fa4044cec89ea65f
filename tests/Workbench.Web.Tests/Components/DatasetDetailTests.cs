using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Storage;
using Workbench.Web.Components.Controls;
using Workbench.Tests.Shared;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class DatasetDetailTests : WorkbenchComponentContext
{
    private DatasetStore Datasets => Services.GetRequiredService<DatasetStore>();

    private async Task<int> ImportAsync(string jsonl) =>
        (await Datasets.ImportAsync("preview", "p.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(jsonl)))).Dataset!.Id;

    [Fact]
    public async Task Render_PromptWithScriptTag_IsEncodedAndSpanMarked()
    {
        // "<script>alert(1)</script>" is 25 characters; the span marks "<b>bold</b>" after the space.
        var id = await ImportAsync("""
            {"prompt":"<script>alert(1)</script> <b>bold</b>","completion":"<img src=x onerror=alert(2)>","confounder_spans":[[26,37]],"split":"train"}
            """);

        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, id));
        page.WaitForElement(".sample-row");

        Assert.Empty(page.FindAll("#samples-table script"));
        Assert.Empty(page.FindAll("#samples-table img"));
        Assert.Empty(page.FindAll("#samples-table b"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Find(".sample-prompt").InnerHtml);
        var mark = page.Find(".sample-prompt mark");
        Assert.Equal("<b>bold</b>", mark.TextContent);
        Assert.Equal("&lt;b&gt;bold&lt;/b&gt;", mark.InnerHtml);
        Assert.Equal("<img src=x onerror=alert(2)>", page.Find(".sample-completion").TextContent);
    }

    [Fact]
    public async Task Render_SplitFilterAndPages_ShowsTwentyAPageAndCounts()
    {
        var lines = Enumerable.Range(0, 45).Select(i => $"{{\"prompt\":\"q{i}\",\"completion\":\"c\",\"split\":\"{(i < 40 ? "train" : "eval")}\"}}");
        var id = await ImportAsync(string.Join('\n', lines));

        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, id));
        page.WaitForElement(".sample-row");

        Assert.Equal(DatasetDetail.PageSize, page.FindAll(".sample-row").Count);
        var summary = string.Join(' ', page.Find("#dataset-summary").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("45 samples: 40 train, 5 eval, 0 test", summary);
        Assert.NotNull(page.Find("#samples-pager"));
    }

    [Fact]
    public async Task AddSplit_OodFile_NameSuggestedFromTheFileAndCountsShown()
    {
        var id = await ImportAsync(await File.ReadAllTextAsync(GsmIcStyleFixture.Train));
        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, id));
        page.WaitForElement(".sample-row");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(await File.ReadAllTextAsync(GsmIcStyleFixture.Ood), "ood.jsonl"));
        Assert.Equal("ood", page.Find("#split-name").GetAttribute("value"));
        await page.Find("#add-split-button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("52 samples: 32 train, 8 eval, 0 test, 12 ood", Summary(page)));
        Assert.Contains("ood (12)", page.Find("#split-filter").TextContent);
        Assert.Empty(page.FindAll("#import-errors"));
    }

    [Fact]
    public async Task AddSplit_SplitTaken_ErrorNamesItAndNothingChanges()
    {
        var id = await ImportAsync(await File.ReadAllTextAsync(GsmIcStyleFixture.Train));
        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, id));
        page.WaitForElement(".sample-row");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\"prompt\":\"p\",\"completion\":\"c\"}", "eval.jsonl"));
        await page.Find("#add-split-button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("already has a split 'eval'", page.Find("#import-errors").TextContent));
        Assert.Contains("40 samples: 32 train, 8 eval, 0 test", Summary(page));
    }

    [Fact]
    public async Task AddSplit_BadLines_EveryLineListedAndNothingStored()
    {
        var id = await ImportAsync(await File.ReadAllTextAsync(GsmIcStyleFixture.Train));
        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, id));
        page.WaitForElement(".sample-row");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "{\"prompt\":\"p\",\"completion\":\"c\",\"answer\":[1]}\n{\"prompt\":\"q\"}", "ood.jsonl"));
        await page.Find("#add-split-button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#import-errors tbody tr").Count));
        Assert.Equal(40, (await Datasets.GetAsync(id))!.SampleCount);
    }

    private static string Summary(IRenderedComponent<DatasetDetail> page) =>
        string.Join(' ', page.Find("#dataset-summary").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Render_UnknownDataset_SaysSo()
    {
        var page = Render<DatasetDetail>(p => p.Add(c => c.DatasetId, 4242));
        page.WaitForAssertion(() => Assert.Contains("does not exist", page.Markup));
    }

    [Fact]
    public void HighlightedText_NoSpans_RendersEncodedTextOnly()
    {
        var text = Render<HighlightedText>(p => p.Add(c => c.Text, "a < b & \"c\""));
        Assert.Empty(text.FindAll("mark"));
        Assert.Equal("a < b & \"c\"", text.Find("span").TextContent);
    }
}
