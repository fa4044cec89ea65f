using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Workbench.Web.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class ModelsPageTests(EndToEndFixture fixture)
{
    static ModelsPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Register_TinyFolderThroughThePage_ListedAndOfferedAsTeacher()
    {
        var name = "e2e-model-" + Guid.NewGuid().ToString("N")[..6];
        // <DataDirectory>/models is a default model root, created by the app on start.
        var folder = TinyModelFolder.Write(Path.Combine(fixture.App.DataDirectory, "models", name));
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("models");
            var table = page.Locator("#models-table");
            // The prerendered page ignores input until its circuit connects: register until the row shows.
            await page.RetryUntilAsync(
                async () =>
                {
                    await page.Locator("#model-path").FillAsync(folder);
                    await page.Locator("#register-model").ClickAsync();
                },
                async () => await table.IsVisibleAsync() && (await table.InnerTextAsync()).Contains(name),
                "register the model folder");

            var row = table.Locator("tbody tr", new() { HasText = name });
            await Expect(row.Locator("td")).ToContainTextAsync(["LlamaForCausalLM", "5.7K", "64", "float32", "2 × 16", "4 / 2", "none", folder]);
            await page.Locator("#model-path").FillAsync("relative/path");
            await page.Locator("#register-model").ClickAsync();
            await Expect(page.Locator("#register-panel .mud-input-helper-text").First).ToContainTextAsync("must be absolute");
            await Screenshots.SaveAsync(page, "models");
            // Reading the folder took no training code: the host never maps the training assembly, TorchSharp or libtorch.
            Assert.Empty(MappedFiles.TrainingSideOf(fixture.App.ProcessId));

            await page.GotoAsync("runs/new");
            await page.SelectMudItemAsync("field-teacher", $"{name} (model folder");
            await Expect(page.Locator("#config-preview")).ToContainTextAsync($"\"path\": \"{folder}\"");
            await Screenshots.SaveAsync(page, "new-run-model-folder");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
