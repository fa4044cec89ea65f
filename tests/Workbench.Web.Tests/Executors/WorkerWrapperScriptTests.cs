using System.Diagnostics;
using Workbench.Web.Executors;

namespace Workbench.Web.Tests.Executors;

/// <summary>The job wrapper run by a real bash: the worker reads the token first, then "cancel" when the job is signalled.</summary>
public sealed class WorkerWrapperScriptTests
{
    [Fact]
    public async Task Worker_ReadsTokenThenCancelOnTheSignal_AndTheScriptExitsWithTheWorkersCode()
    {
        var folder = Directory.CreateTempSubdirectory("wb-wrapper-").FullName;
        try
        {
            var log = Path.Combine(folder, "worker.log");
            // A stand-in worker: logs its first two stdin lines and exits 3.
            var worker = ShellQuote.Words(["bash", "-c", $"read token; echo \"token=$token\" >> {log}; read line; echo \"line=$line\" >> {log}; exit 3"]);
            var script = WorkerWrapperScript.Render($"printf '%s\\n' {ShellQuote.Word("s3cr3t")}", worker, "USR1 TERM");
            var info = new ProcessStartInfo("bash", ["-c", script]) { UseShellExecute = false };
            using var process = Process.Start(info)!;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(log) || !File.ReadAllText(log).Contains("token=")) { Assert.True(DateTime.UtcNow < deadline); await Task.Delay(50); }
            Assert.False(process.HasExited);   // stdin stays open: the worker waits
            using (var kill = Process.Start("kill", ["-USR1", process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(3, process.ExitCode);
            Assert.Equal(["token=s3cr3t", "line=cancel"], File.ReadAllLines(log));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
