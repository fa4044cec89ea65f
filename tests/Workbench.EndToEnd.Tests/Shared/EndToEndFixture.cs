using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>One app process and one browser for all end-to-end tests (they run one after another).</summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public WorkbenchAppProcess App { get; private set; } = null!;
    public ChromiumBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await WorkbenchAppProcess.StartAsync(TimeSpan.FromSeconds(60));
        Http = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Browser = await ChromiumBrowser.LaunchAsync(App.BaseAddress);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.Context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") BrowserErrors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => BrowserErrors.Add($"page error: {error}");
        return page;
    }

    /// <summary>Console errors and uncaught exceptions seen in any page.</summary>
    public List<string> BrowserErrors { get; } = [];

    /// <summary>Polls GET /api/runs/{id} until the run is terminal; returns its status.</summary>
    public async Task<string> WaitForTerminalAsync(int runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            var run = await Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
            status = run.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled" or "interrupted") return status;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Run {runId} still {status} after {timeout}. App output:\n{App.Output}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Http?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "End to end";
}
