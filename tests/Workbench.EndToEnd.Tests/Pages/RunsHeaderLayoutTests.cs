using System.Text.Json;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class RunsHeaderLayoutTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static RunsHeaderLayoutTests() => SetDefaultExpectTimeout(20_000);

    // For every header button: how many lines its label takes (label height over line height) and whether it stays
    // inside the viewport; and whether the page scrolls sideways.
    private const string MeasureHeader = """
        () => ({
            buttons: [...document.querySelectorAll('#runs-header .mud-button-root')].map(b => {
                const label = b.querySelector('.mud-button-label');
                const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
                const box = b.getBoundingClientRect();
                return { id: b.id, lines: Math.round(label.getBoundingClientRect().height / lineHeight), left: box.left, right: box.right, top: box.top };
            }),
            viewport: window.innerWidth,
            scrollWidth: document.documentElement.scrollWidth,
        })
        """;

    [Theory]
    [InlineData(1280, 1)]   // the recipes fit on one row under the title
    [InlineData(600, 3)]    // a phone-sized window: the recipes wrap as whole buttons
    public async Task RunsHeader_AtWidth_EveryLabelOnOneLineAndNothingOffScreen(int width, int maxRecipeRows)
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.SetViewportSizeAsync(width, 800);
            await page.GotoAsync("/");
            await Expect(page.Locator("#start-teacher-hacking-demo")).ToBeVisibleAsync();
            var measured = await page.EvaluateAsync<JsonElement>(MeasureHeader);
            output.WriteLine(measured.ToString());
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, $"runs-header-{width}"));

            var buttons = measured.GetProperty("buttons").EnumerateArray().ToList();
            Assert.Equal(5, buttons.Count);
            foreach (var button in buttons)
            {
                Assert.True(button.GetProperty("lines").GetInt32() == 1, $"{button.GetProperty("id")} wraps its label at {width} px: {button}");
                Assert.True(button.GetProperty("right").GetDouble() <= width, $"{button.GetProperty("id")} runs off a {width} px window: {button}");
            }
            Assert.True(measured.GetProperty("scrollWidth").GetInt32() <= width, $"the page scrolls sideways at {width} px");
            var recipeRows = buttons.Where(b => b.GetProperty("id").GetString()!.StartsWith("start-"))
                .Select(b => Math.Round(b.GetProperty("top").GetDouble())).Distinct().Count();
            Assert.InRange(recipeRows, 1, maxRecipeRows);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
