using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>
/// The real web app in its own process (<c>dotnet Workbench.Web.dll --urls http://127.0.0.1:0</c>, working
/// directory = repo root), with a fresh data directory. The port is read from the "Now listening on:" log line.
/// Disposing kills the process tree (the app and any worker it started) and deletes the data directory.
/// </summary>
public sealed partial class WorkbenchAppProcess : IAsyncDisposable
{
    private const int OutputLines = 2000;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string DataDirectory { get; }
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The web app's process id (not its workers').</summary>
    public int ProcessId => _process.Id;

    private WorkbenchAppProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    /// <param name="urls">Where the app listens; a wildcard bind (0.0.0.0) is reached over 127.0.0.1.</param>
    /// <param name="environment">Extra environment variables (settings such as Workbench__AccessToken).</param>
    public static async Task<WorkbenchAppProcess> StartAsync(TimeSpan timeout, string urls = "http://127.0.0.1:0",
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(RepoPaths.WebAppDll))
            throw new FileNotFoundException($"The web app is not built: {RepoPaths.WebAppDll}. Build the solution first (dotnet build -c {RepoPaths.Configuration}).");
        var dataDirectory = Directory.CreateTempSubdirectory("wb-e2e-data-").FullName;
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.WebAppDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(urls);
        info.Environment["Workbench__DataDirectory"] = dataDirectory;
        info.Environment["Workbench__TorchThreads"] = "1";
        info.Environment["Workbench__CancelGraceSeconds"] = "5";
        info.Environment["Workbench__DemoModels"] = "false";   // a worker writing demo folders would compete with the page timings
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        var app = new WorkbenchAppProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, dataDirectory);
        app._process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.Exited += (_, _) => app._listening.TrySetException(
            new InvalidOperationException($"The web app exited with code {app._process.ExitCode} before listening. Output:\n{app.Output}"));
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            app.BaseAddress = await app._listening.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new TimeoutException($"The web app did not log \"Now listening on:\" within {timeout}. Output:\n{app.Output}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>SIGKILL to the web app alone (its workers are left to notice on their own), as a crash or an OOM kill does it.</summary>
    public void KillHostOnly()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>The last lines the app wrote (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines) _output.Dequeue();
        }
        if (ListeningLine().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value.Replace("://0.0.0.0:", "://127.0.0.1:").TrimEnd('/') + "/"));
    }

    [GeneratedRegex(@"Now listening on:\s*(http://\S+)")]
    private static partial Regex ListeningLine();

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException) { }
        _process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
