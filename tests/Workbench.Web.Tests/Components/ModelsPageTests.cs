using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workbench.Storage;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.ModelFolders;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class ModelsPageTests : WorkbenchComponentContext
{
    private async Task<string> RegisterTinyAsync(string name)
    {
        var folder = TinyModelFolder.Write(Path.Combine(ModelRoot, name));
        var (registered, error) = await Services.GetRequiredService<ModelFolderService>().RegisterAsync(folder, null);
        Assert.True(registered is not null, error?.ToString());
        return folder;
    }

    [Fact]
    public async Task Render_RegisteredFolder_RowShowsArchitectureSizeShapeAndPath()
    {
        var folder = await RegisterTinyAsync("tiny-llama");

        var page = Render<Models>();
        page.WaitForElement("#models-table");

        var cells = page.FindAll("#models-table tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["tiny-llama", "LlamaForCausalLM", "5.7K", "64", "float32", "2 × 16", "4 / 2", "none", folder], cells.Take(9));
        Assert.Empty(page.FindAll("#models-empty"));
    }

    [Fact]
    public void Render_NoFolders_EmptyStateExplainsModelFolders()
    {
        var page = Render<Models>();

        page.WaitForAssertion(() => Assert.Contains("config.json", page.Find("#models-empty").TextContent));
        Assert.Contains(ModelRoot, page.Find("#model-roots").TextContent);
    }

    [Fact]
    public void Register_RelativePath_ErrorShownOnThePathFieldAndNothingListed()
    {
        var page = Render<Models>();
        page.WaitForElement("#models-empty");

        page.Find("#model-path").Input("models/tiny");
        page.Find("#register-model").Click();

        page.WaitForAssertion(() =>
        {
            var pathField = page.Find("#model-path").Closest(".mud-input-control")!;
            Assert.Contains("must be absolute", pathField.QuerySelector(".mud-input-helper-text")?.TextContent);
            Assert.DoesNotContain("must be absolute", page.Find("#model-name").Closest(".mud-input-control")!.TextContent);
        });
        Assert.Empty(page.FindAll("#models-table"));
    }

    [Fact]
    public async Task Register_GoodPath_RowAppearsAndTheFieldClears()
    {
        var folder = TinyModelFolder.Write(Path.Combine(ModelRoot, "typed-in"));
        var page = Render<Models>();
        page.WaitForElement("#models-empty");

        page.Find("#model-path").Input(folder);
        page.Find("#model-name").Input("my tiny");
        await page.Find("#register-model").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Contains("my tiny", page.Find("#models-table").TextContent));
        Assert.Single(await Services.GetRequiredService<ModelFolderStore>().ListAsync());
    }

    [Fact]
    public async Task Delete_Confirmed_RowGoneFilesKept()
    {
        var folder = await RegisterTinyAsync("to-unregister");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Models>();
        page.WaitForElement("#models-table");

        // The click's handler waits for the dialog's answer, so it completes only after the confirmation.
        var deleting = page.Find(".delete-model").ClickAsync(new MouseEventArgs());
        dialogs.WaitForAssertion(() => Assert.Contains("are not touched", dialogs.Find(".mud-dialog").TextContent));
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Unregister")).ClickAsync(new MouseEventArgs());
        await deleting.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForElement("#models-empty");
        Assert.Empty(await Services.GetRequiredService<ModelFolderStore>().ListAsync());
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(950, "950")]
    [InlineData(5_712, "5.7K")]
    [InlineData(12_345_678, "12.3M")]
    [InlineData(999_999, "1M")]
    [InlineData(1_543_714_304, "1.5B")]
    public void ParameterCounts_Short_ReadsLikeModelCards(long count, string expected) =>
        Assert.Equal(expected, ParameterCounts.Short(count));
}
