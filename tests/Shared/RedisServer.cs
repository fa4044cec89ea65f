using System.Diagnostics;
using System.Net.Sockets;

namespace Workbench.Tests.Shared;

/// <summary>A real redis-server for the tests, on a free loopback port in its own temp folder, no persistence; stopped with the test process.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> s_shared = new(StartAsync);

    private readonly string _directory;
    private readonly Process _process;
    private readonly Func<string> _output;

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    private RedisServer(string directory, int port, Process process, Func<string> output) =>
        (_directory, Port, _process, _output) = (directory, port, process, output);

    public static Task<RedisServer> SharedAsync() => s_shared.Value;

    private static async Task<RedisServer> StartAsync()
    {
        const string binary = "/usr/bin/redis-server";
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is missing: apt-get install redis-server.");
        var directory = LocalServerProcess.CreateOwnedDirectory("wb-redis-");
        var port = LocalServerProcess.FreeLoopbackPort();
        var (process, output) = LocalServerProcess.StartServer(binary,
            ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory,
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"], directory);
        var server = new RedisServer(directory, port, process, output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilReadyAsync();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {_output()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
