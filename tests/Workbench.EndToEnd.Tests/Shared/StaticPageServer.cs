using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>
/// A second origin on this machine (127.0.0.1, another port) serving one HTML page for every path: what another local web
/// app, or a page the researcher visits that reaches 127.0.0.1, looks like to the browser.
/// </summary>
public sealed class StaticPageServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _html;

    public Uri BaseAddress { get; }

    public StaticPageServer(string html)
    {
        _html = html;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
            var bytes = Encoding.UTF8.GetBytes(_html);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
