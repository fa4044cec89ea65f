using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Extensions;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Security;

/// <summary>
/// A server bound to 0.0.0.0 needs its access token: the API answers 401 without a bearer and 200 with it, pages send the
/// browser to /login, whose antiforgery form sets the login cookie, and the hub needs the cookie or the token. Its own
/// workers still report through their credential header, so a run submitted with the bearer completes.
/// </summary>
public sealed partial class AccessTokenFlowTests
{
    private const string Token = "a-token-for-these-tests-0123456789";

    [Fact]
    public async Task ExposedServer_WithToken_ApiNeedsBearer_LoginSetsCookie_HubNeedsIt_WorkerStillReports()
    {
        await using var server = WorkbenchServer.Exposed(Token);
        using var anonymous = server.CreateHttpClient();

        var refused = await anonymous.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("problem+json", refused.Content.Headers.ContentType!.MediaType);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new("Bearer", "not-the-token-at-all") } })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/runs", TinyConfigs.Teacher(), RunConfigJson.Options)).StatusCode);
        Assert.Empty(await server.Store.ListAsync());

        using var bearer = server.CreateHttpClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/runs")).StatusCode);
        var runId = await bearer.SubmitAsync(TinyConfigs.Teacher("exposed-run", steps: 20));

        // The browser: the runs page sends it to /login; the form (with its antiforgery token) sets the cookie.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?returnUrl=", page.Headers.Location!.OriginalString);
        var form = await browser.GetStringAsync(page.Headers.Location);
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, form);

        var withoutAntiforgery = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutAntiforgery.StatusCode);
        var wrongToken = await browser.PostAsync("/login", LoginForm(antiforgery, "wrong-token-wrong-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "workbench-login");

        var login = await browser.PostAsync("/login", LoginForm(antiforgery, Token, returnUrl: "/datasets"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/datasets", login.Headers.Location!.OriginalString);
        var cookie = Assert.Single(cookies.GetAllCookies(), c => c.Name == "workbench-login");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/runs")).StatusCode);

        // The hub: refused without the token, served with it (SignalR sends it as ?access_token= on WebSockets).
        await using (var noToken = HubConnection(server, token: null))
            await Assert.ThrowsAsync<HttpRequestException>(() => noToken.StartAsync());
        await using (var bogusWorker = HubConnection(server, token: null, workerHeader: "not-a-worker-token"))
        {
            await bogusWorker.StartAsync();   // the hub checks a worker's credential itself, on each call
            var streamed = await Assert.ThrowsAsync<HubException>(async () =>
            {
                await foreach (var _ in bogusWorker.StreamMetrics(runId, CancellationToken.None)) { }
            });
            Assert.Contains("Log in", streamed.Message);
            await Assert.ThrowsAsync<HubException>(() => bogusWorker.Report(new ReportBatch(runId, [new FinishedReport(runId, 1, RunStatus.Failed, "forged")])));
        }

        // The worker launched for the run reports through the same hub: the run completes and its metrics stream to a logged-in client.
        var run = await server.WaitForTerminalAsync(runId, TimeSpan.FromSeconds(120));
        Assert.True(run.Status == RunStatus.Completed, run.Error);
        await using var follower = HubConnection(server, Token);
        await follower.StartAsync();
        var points = 0;
        await foreach (var batch in follower.StreamMetrics(runId, CancellationToken.None)) points += batch.Length;
        Assert.True(points > 0);
    }

    [Fact]
    public async Task ExposedServer_WithoutToken_PrintsLoginLinkThatLogsIn()
    {
        await using var server = WorkbenchServer.Exposed(accessToken: null);
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/runs")).StatusCode);

        var line = await WaitForLineAsync(server, "/login?token=");
        var link = LoginLink().Match(line);
        Assert.True(link.Success, line);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/runs")).StatusCode);

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var opened = await browser.GetAsync($"/login?token={link.Groups[1].Value}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/runs")).StatusCode);

        var wrongLink = await http.GetAsync("/login?token=0000");
        Assert.Equal(HttpStatusCode.OK, wrongLink.StatusCode);   // the form again, with an error
        Assert.Contains("not right", await wrongLink.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task LoopbackServer_WithoutToken_NeedsNoLogin_ButRefusesForeignHostsAndOrigins()
    {
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);

        using var rebinding = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        rebinding.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebinding)).StatusCode);
        foreach (var host in new[] { "localhost", "127.0.0.1" })
        {
            using var own = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
            own.Headers.Host = $"{host}:{server.BaseAddress.Port}";
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(own)).StatusCode);
        }

        await using var foreign = HubConnection(server, token: null, origin: "http://127.0.0.1:1");
        await Assert.ThrowsAsync<HttpRequestException>(() => foreign.StartAsync());
        await using var sameOrigin = HubConnection(server, token: null, origin: server.BaseAddress.GetLeftPart(UriPartial.Authority));
        await sameOrigin.StartAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/runs")]
    [InlineData("/api/runs/424242")]
    [InlineData("/login")]
    public async Task EveryResponse_CarriesSecurityHeaders(string path)
    {
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        var response = await http.GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    private static RunsHubClient HubConnection(WorkbenchServer server, string? token, string? workerHeader = null, string? origin = null) =>
        RunsHubClient.Create(server.BaseAddress, workerHeader, o =>
        {
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            if (origin is not null) o.Headers["Origin"] = origin;
        });

    private static FormUrlEncodedContent LoginForm(Match antiforgery, string token, string returnUrl = "/") => new(new Dictionary<string, string>
    {
        [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value),
        ["token"] = token,
        ["returnUrl"] = returnUrl,
    });

    private static async Task<string> WaitForLineAsync(WorkbenchServer server, string text)
    {
        for (var i = 0; i < 100; i++)
        {
            if (server.Log.Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No log line with '{text}':\n{string.Join('\n', server.Log.Lines)}");
    }

    [GeneratedRegex("name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?token=([0-9a-f]{64})")]
    private static partial Regex LoginLink();
}
