using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Security;

/// <summary>
/// The app bound to 0.0.0.0 with an access token, in a browser: the runs page sends it to the login form, a wrong token is
/// refused, the right one sets the cookie, and the live page (its Blazor circuit) then follows a run submitted with the bearer.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExposedLoginTests(ITestOutputHelper output)
{
    private const string Token = "end-to-end-access-token-42";

    [Fact]
    public async Task ExposedApp_LoginFormSetsCookie_LivePageFollowsRun()
    {
        await using var app = await WorkbenchAppProcess.StartAsync(TimeSpan.FromSeconds(60), "http://0.0.0.0:0",
            new Dictionary<string, string> { ["Workbench__AccessToken"] = Token });
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/runs")).StatusCode);

        await using var browser = await ChromiumBrowser.LaunchAsync(app.BaseAddress);
        var page = await browser.Context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            Assert.Contains("/login?returnUrl=", page.Url);
            await page.FillAsync("#token", "not-the-right-token");
            await page.ClickAsync("button[type=submit]");
            await Expect(page.Locator(".error")).ToContainTextAsync("not right");

            await page.FillAsync("#token", Token);
            await page.ClickAsync("button[type=submit]");
            await Expect(page.Locator("#runs-title")).ToBeVisibleAsync();
            Assert.Contains(await browser.Context.CookiesAsync(), c => c.Name == "workbench-login" && c.HttpOnly);

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var response = await http.PostAsJsonAsync("api/runs", new
            {
                name = "exposed-live", student = new { layers = 1, heads = 2, width = 32, context = 64 },
                objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } }, steps = 20, batchSize = 8, evalEvery = 10,
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var row = page.Locator("#runs-table tr", new() { HasText = "exposed-live" });
            await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 120_000 });
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "exposed-after-login"));
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-exposed-login")); } catch (PlaywrightException) { }
            output.WriteLine("app output:\n" + app.Output);
            throw;
        }
    }
}
