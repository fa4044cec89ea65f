using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Workbench.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class DatasetsPageTests(EndToEndFixture fixture)
{
    static DatasetsPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Import_GoodFileThroughThePage_PreviewShowsEncodedTextAndMarkedSpans()
    {
        var name = "e2e-data-" + Guid.NewGuid().ToString("N")[..6];
        var folder = Directory.CreateTempSubdirectory("wb-e2e-data-").FullName;
        var file = Path.Combine(folder, "word-problems.jsonl");
        var lines = new List<string>
        {
            """{"prompt":"ann has 3 pens . the sky is blue . she buys 5 more pens . how many pens does ann have ?","completion":"8","answer":"8","confounder_spans":[[17,34]],"split":"eval"}""",
            """{"prompt":"<script>alert('x')</script> how many ?","completion":"<b>0</b>","split":"train"}""",
        };
        lines.AddRange(Enumerable.Range(0, 30).Select(i => $$"""{"prompt":"tom has {{i}} coins . how many coins does tom have ?","completion":"{{i}}"}"""));
        await File.WriteAllLinesAsync(file, lines);
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("datasets");
            await Expect(page.Locator("#datasets-table")).ToContainTextAsync("arithmetic");
            await ChooseFileAsync(page, file);
            await page.Locator("#dataset-name").FillAsync(name);
            await page.Locator("#import-button").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/datasets/\d+$"));
            await Expect(page.Locator("#dataset-title")).ToHaveTextAsync(name);
            await Expect(page.Locator("#dataset-summary")).ToContainTextAsync("32 samples");
            await Expect(page.Locator(".sample-prompt mark").First).ToHaveTextAsync("the sky is blue .");
            await Expect(page.Locator("#samples-table")).ToContainTextAsync("<script>alert('x')</script>");
            await Expect(page.Locator("#samples-table script")).ToHaveCountAsync(0);
            await Expect(page.Locator("#samples-table b")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "dataset-preview");

            await page.GotoAsync("datasets");
            await Expect(page.Locator("#datasets-table")).ToContainTextAsync(name);
            await Screenshots.SaveAsync(page, "datasets");
        }
        finally
        {
            await page.CloseAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_BadFileThroughThePage_ErrorTableNamesLinesAndNothingIsListed()
    {
        var name = "e2e-bad-" + Guid.NewGuid().ToString("N")[..6];
        var folder = Directory.CreateTempSubdirectory("wb-e2e-data-").FullName;
        var file = Path.Combine(folder, "broken.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"prompt":"fine","completion":"ok"}""",
            """{"prompt":"","completion":"ok"}""",
            """{"prompt":"abc","completion":"ok","confounder_spans":[[1,2],[0,3]]}""",
            "not json",
        ]);
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("datasets");
            await ChooseFileAsync(page, file);
            await page.Locator("#dataset-name").FillAsync(name);
            await page.Locator("#import-button").ClickAsync();

            var errors = page.Locator("#import-errors tbody tr");
            await Expect(errors).ToHaveCountAsync(3);
            await Expect(errors.Nth(0).Locator("td")).ToHaveTextAsync(["2", "prompt", "Must not be empty."]);
            await Expect(errors.Nth(1).Locator("td")).ToHaveTextAsync([new Regex("^3$"), new Regex("^confounder_spans$"), new Regex("overlap")]);
            await Expect(errors.Nth(2).Locator("td").First).ToHaveTextAsync("4");
            await Expect(page.Locator("#import-error-summary")).ToContainTextAsync("Nothing was imported: 3 errors");
            await Screenshots.SaveAsync(page, "dataset-import-errors");

            await page.ReloadAsync();
            await Expect(page.Locator("#datasets-table")).ToContainTextAsync("arithmetic");
            await Expect(page.Locator("#datasets-table")).Not.ToContainTextAsync(name);
        }
        finally
        {
            await page.CloseAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddSplit_GsmIcOodFileThroughThePage_CountedAndBrowsableByName()
    {
        var name = "e2e-gsm-ic-" + Guid.NewGuid().ToString("N")[..6];
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("datasets");
            await ChooseFileAsync(page, GsmIcStyleFixture.Train);
            await page.Locator("#dataset-name").FillAsync(name);
            await page.Locator("#import-button").ClickAsync();
            await Expect(page.Locator("#dataset-summary")).ToContainTextAsync("40 samples");

            await page.RetryUntilAsync(
                () => page.Locator("#add-split-panel input[type=file]").SetInputFilesAsync(GsmIcStyleFixture.Ood),
                async () => (await page.Locator("#split-chosen-file").TextContentAsync())?.Contains("ood.jsonl") == true,
                "choose the split file");
            await Expect(page.Locator("#split-name")).ToHaveValueAsync("ood");
            await page.Locator("#add-split-button").ClickAsync();

            await Expect(page.Locator("#dataset-summary")).ToContainTextAsync("52 samples: 32 train, 8 eval, 0 test, 12 ood");
            await page.Locator("#split-filter").GetByText("ood (12)").ClickAsync();
            await Expect(page.Locator(".sample-row")).ToHaveCountAsync(12);
            await Expect(page.Locator(".sample-row").First).ToContainTextAsync("868");
            await Screenshots.SaveAsync(page, "dataset-add-split");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    // The prerendered page ignores input until its circuit connects, so choose the file until the page shows it.
    private static Task ChooseFileAsync(IPage page, string file) => page.RetryUntilAsync(
        () => page.Locator("#import-panel input[type=file]").SetInputFilesAsync(file),
        async () => (await page.Locator("#chosen-file").TextContentAsync())?.Contains(Path.GetFileName(file)) == true,
        "choose the dataset file");
}
