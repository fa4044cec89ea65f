using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.EndToEnd.Tests.Security;

/// <summary>
/// A page on another local origin (127.0.0.1, another port: "same-site" to the browser) tries what the hostile-input pass
/// did: a no-cors POST of a Blob to /api/runs, a text/plain form POST, body-less POSTs to the demo and cancel endpoints, a
/// multipart upload, a CORS read, and a SignalR WebSocket streaming a run's metrics. None may create anything or read a point.
/// The app's own pages still work under its content security policy (the run page draws its Plotly chart; no page, the
/// API reference included, reports a CSP violation).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrossOriginPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task PageFromAnotherLocalOrigin_CannotCreateRunsOrReadMetrics_AppStillWorksUnderItsCsp()
    {
        // A finished run with metrics: the prize a hostile page would read over the hub.
        var submitted = await fixture.Http.PostAsJsonAsync("api/runs", new
        {
            name = "cross-origin-target", student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } }, steps = 20, batchSize = 8, evalEvery = 10,
        });
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal("completed", await fixture.WaitForTerminalAsync(runId, TimeSpan.FromSeconds(120)));
        var runsBefore = await CountAsync("api/runs");
        var datasetsBefore = await CountAsync("api/datasets");

        var target = fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var attacker = new StaticPageServer(AttackPage(target, runId));
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync(attacker.BaseAddress.ToString());
            await page.WaitForFunctionAsync("() => window.results && window.results.done === true", null, new() { Timeout = 30_000 });
            var results = await page.EvaluateAsync<JsonElement>("() => window.results");
            output.WriteLine("attacker page results: " + results);

            Assert.Equal("sent", results.GetProperty("blob").GetString());   // the attempts ran (no-cors hides the answer)
            Assert.Equal("blocked", results.GetProperty("corsJson").GetString());
            Assert.Equal("blocked", results.GetProperty("corsRead").GetString());
            Assert.False(results.GetProperty("wsOpened").GetBoolean(), "the hub accepted a WebSocket from another origin");
            Assert.Equal(0, results.GetProperty("wsMessages").GetArrayLength());

            await page.WaitForTimeoutAsync(1000);   // let the form posts land before counting
            Assert.Equal(runsBefore, await CountAsync("api/runs"));
            Assert.Equal(datasetsBefore, await CountAsync("api/datasets"));
            var run = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
            Assert.Equal("completed", run.GetProperty("status").GetString());

            // The app itself, same-origin, under its CSP: the run page connects its circuit and draws the loss curve.
            fixture.BrowserErrors.Clear();
            await page.GotoAsync($"{target}/runs/{runId}");
            await page.WaitForFunctionAsync("() => document.querySelector('.js-plotly-plot') !== null", null, new() { Timeout = 30_000 });
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "run-page-under-csp"));
            foreach (var path in new[] { "/", "/runs/new", "/datasets", "/models", $"/compare?runs={runId}", $"/runs/{runId}/leaf", "/scalar/" })
            {
                await page.GotoAsync(target + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                await page.WaitForTimeoutAsync(500);
            }
            Assert.DoesNotContain(fixture.BrowserErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-cross-origin")); } catch (PlaywrightException) { }
            output.WriteLine("app output:\n" + fixture.App.Output);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<int> CountAsync(string path) => (await fixture.Http.GetFromJsonAsync<JsonElement>(path)).GetArrayLength();

    private static string AttackPage(string target, int runId) => $$"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>another local app</title></head>
        <body>
        <iframe name="sink" style="display:none"></iframe>
        <script>
        window.results = { wsOpened: false, wsMessages: [] };
        const target = '{{target}}';
        const config = JSON.stringify({ name: 'cross-origin-attack', student: { layers: 1, heads: 2, width: 32, context: 64 },
            objectives: [{ kind: 'cross_entropy', weight: 1 }], steps: 5, batchSize: 8, evalEvery: 5 });
        function formPost(action, enctype, fields) {
            const form = document.createElement('form');
            form.method = 'POST'; form.action = target + action; form.enctype = enctype; form.target = 'sink';
            for (const [name, value] of Object.entries(fields)) {
                const input = document.createElement('input'); input.type = 'hidden'; input.name = name; input.value = value; form.appendChild(input);
            }
            document.body.appendChild(form); form.submit();
        }
        async function attempt(name, action) { try { results[name] = await action(); } catch (e) { results[name] = 'blocked'; } }
        (async () => {
            await attempt('blob', async () => { await fetch(target + '/api/runs', { method: 'POST', mode: 'no-cors', body: new Blob([config]) }); return 'sent'; });
            await attempt('textPlain', async () => { await fetch(target + '/api/runs', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: config }); return 'sent'; });
            await attempt('demo', async () => { await fetch(target + '/api/demos/leaf', { method: 'POST', mode: 'no-cors' }); return 'sent'; });
            await attempt('hfDemo', async () => { await fetch(target + '/api/demos/huggingface', { method: 'POST', mode: 'no-cors' }); return 'sent'; });
            await attempt('cancel', async () => { await fetch(target + '/api/runs/{{runId}}/cancel', { method: 'POST', mode: 'no-cors' }); return 'sent'; });
            await attempt('delete', async () => { await fetch(target + '/api/runs/{{runId}}', { method: 'DELETE', mode: 'no-cors' }); return 'sent'; });
            await attempt('upload', async () => {
                const data = new FormData(); data.append('name', 'cross-origin-upload');
                data.append('file', new Blob(['{"prompt":"p","completion":"c"}\n']), 'a.jsonl');
                await fetch(target + '/api/datasets', { method: 'POST', mode: 'no-cors', body: data }); return 'sent';
            });
            await attempt('corsJson', async () => { const r = await fetch(target + '/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: config }); return 'status ' + r.status; });
            await attempt('corsRead', async () => { const r = await fetch(target + '/api/runs/{{runId}}/metrics'); return 'read ' + (await r.text()).length; });
            formPost('/api/runs', 'text/plain', { [config + '//']: '' });
            formPost('/api/runs/{{runId}}/cancel', 'application/x-www-form-urlencoded', { x: '1' });
            await new Promise(resolve => {
                const ws = new WebSocket(target.replace('http', 'ws') + '/hubs/runs');
                const finish = () => resolve();
                ws.onopen = () => {
                    results.wsOpened = true;
                    ws.send('{"protocol":"json","version":1}\x1e');
                    ws.send(JSON.stringify({ type: 4, invocationId: '1', target: 'StreamMetrics', arguments: [{{runId}}] }) + '\x1e');
                    setTimeout(() => { ws.close(); finish(); }, 3000);
                };
                ws.onmessage = e => results.wsMessages.push(String(e.data).slice(0, 200));
                ws.onerror = finish; ws.onclose = finish;
                setTimeout(finish, 10000);
            });
            results.done = true;
        })();
        </script>
        </body></html>
        """;
}
