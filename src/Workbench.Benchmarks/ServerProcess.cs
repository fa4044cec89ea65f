using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Workbench.Benchmarks;

/// <summary>The real web app, started as a separate process on a free loopback port with its own data folder.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    public Uri BaseAddress { get; }

    /// <summary>The server's SQLite file (benchmarks seed it directly).</summary>
    public string DatabaseFile => Path.Combine(_dataDirectory, "workbench.db");
    public int ProcessId => _process.Id;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    /// <param name="environment">Further settings (e.g. <c>Workbench__Database__Provider</c> for hosts sharing one database).</param>
    public static async Task<ServerProcess> StartAsync(string configuration, IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepoRoot();
        var dll = Path.Combine(root, "src", "Workbench.Web", "bin", configuration, "net10.0", "Workbench.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the web app first ({configuration}).", dll);
        var data = Directory.CreateTempSubdirectory("wb-bench-").FullName;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["Workbench__DataDirectory"] = data;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"server: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var uri = await listening.Task.WaitAsync(TimeSpan.FromSeconds(180));   // a loaded machine, or a host migrating a fresh PostgreSQL database
        return new ServerProcess(process, uri, data);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException("Workbench.sln not found.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
