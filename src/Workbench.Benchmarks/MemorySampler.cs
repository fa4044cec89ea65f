using System.Diagnostics;

namespace Workbench.Benchmarks;

/// <summary>Samples resident memory (VmRSS) of the server and of its child worker processes every 200 ms.</summary>
public sealed class MemorySampler(int serverPid) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public long ServerPeakBytes { get; private set; }
    public List<long> ServerSamples { get; } = [];
    public long WorkerPeakBytes { get; private set; }

    public void Start() => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var server = Rss(serverPid);
            lock (ServerSamples) ServerSamples.Add(server);
            ServerPeakBytes = Math.Max(ServerPeakBytes, server);
            foreach (var child in Children(serverPid)) WorkerPeakBytes = Math.Max(WorkerPeakBytes, Rss(child));
            try { await Task.Delay(200, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    public long ServerMedianBytes
    {
        get { lock (ServerSamples) return ServerSamples.Count == 0 ? 0 : ServerSamples.Order().ElementAt(ServerSamples.Count / 2); }
    }

    private static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { return 0; }
    }

    // A child is listed under the thread that started it, so read every thread's list.
    private static IEnumerable<int> Children(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse).ToList();
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        _stop.Dispose();
    }
}
