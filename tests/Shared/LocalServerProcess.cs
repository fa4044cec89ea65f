using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Tests.Shared;

/// <summary>Starts a server binary the way the tests need it: as an unprivileged user when the tests run as root, output kept for errors.</summary>
public static class LocalServerProcess
{
    /// <summary>PostgreSQL refuses to run as root; when the tests are root, servers run as this user.</summary>
    public const string ServiceUser = "postgres";

    public static bool RunningAsRoot => Environment.UserName == "root";

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh temp folder the service user owns when the tests run as root.</summary>
    public static string CreateOwnedDirectory(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        if (RunningAsRoot) RunToEnd("chown", ["-R", ServiceUser, directory]);
        return directory;
    }

    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (RunningAsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", ServiceUser, "--", file]) info.ArgumentList.Add(a);
        }
        else info.FileName = file;
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>Runs <paramref name="file"/> (as the service user when root) to its end; throws with its output when it fails.</summary>
    public static void RunAsServiceUser(string file, IEnumerable<string> arguments) => RunToEnd(StartInfo(file, arguments));

    private static void RunToEnd(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        RunToEnd(info);
    }

    private static void RunToEnd(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {stderr}{stdout.Result}");
    }

    // Runs the server under a shell that stops it (SIGINT: a fast, clean shutdown for PostgreSQL and Redis) and deletes its
    // folder once the test process is gone, however it ended: a test host that is killed runs no exit handlers.
    private const string Watchdog = """
        owner=$1; shift
        "$@" &
        child=$!
        while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        pkill -INT -P "$child" 2>/dev/null; kill -INT "$child" 2>/dev/null
        wait "$child"
        [ -n "$WB_SERVER_FOLDER" ] && rm -rf "$WB_SERVER_FOLDER"
        """;

    /// <summary>
    /// Starts a long-running server (as the service user when root) that stops, and whose <paramref name="folder"/> is
    /// deleted, when this process ends; keeps the last lines it writes for error messages.
    /// </summary>
    public static (Process Process, Func<string> Output) StartServer(string file, IEnumerable<string> arguments, string folder)
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var server = StartInfo(file, arguments);
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", Watchdog, "watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), server.FileName])
            info.ArgumentList.Add(a);
        foreach (var a in server.ArgumentList) info.ArgumentList.Add(a);
        info.Environment["WB_SERVER_FOLDER"] = folder;
        var process = new Process { StartInfo = info };
        void Keep(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            while (lines.Count > 50) lines.TryDequeue(out var _);
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, () => string.Join('\n', lines));
    }
}
