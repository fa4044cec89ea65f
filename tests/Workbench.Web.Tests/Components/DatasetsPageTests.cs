using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Storage;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class DatasetsPageTests : WorkbenchComponentContext
{
    [Fact]
    public async Task Render_BuiltInAndImported_BothListedWithSplits()
    {
        await Services.GetRequiredService<DatasetStore>().ImportAsync("mine", "mine.jsonl",
            new MemoryStream(Encoding.UTF8.GetBytes("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":\"test\"}\n{\"prompt\":\"c\",\"completion\":\"d\",\"split\":\"OOD\"}")));

        var page = Render<Datasets>();
        page.WaitForElement("#datasets-table");

        var table = page.Find("#datasets-table").TextContent;
        Assert.Contains("arithmetic", table);
        Assert.Contains("built-in", table);
        Assert.Contains("6,000 / 500 / 0", table);
        Assert.Contains("mine", table);
        Assert.Contains("0 / 0 / 1", table);
        Assert.Equal("· ood 1", Assert.Single(page.FindAll(".extra-split")).TextContent.Trim());
        Assert.Contains("UTF-16", page.Find("#import-panel").TextContent);
    }

    [Fact]
    public void ErrorTable_Errors_OneRowEachWithLineFieldReason()
    {
        var table = Render<DatasetErrorTable>(p => p
            .Add(c => c.Errors, [new(3, "completion", "Required."), new(0, "file", "<too big>")])
            .Add(c => c.ErrorCount, 5));

        var rows = table.FindAll("#import-errors tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3", "completion", "Required."], rows[0].Children.Select(c => c.TextContent));
        Assert.Contains("&lt;too big&gt;", rows[1].InnerHtml);
        Assert.Contains("5 errors (the first 2 are listed)", table.Find("#import-error-summary").TextContent);
    }
}
