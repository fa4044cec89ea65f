using System.Diagnostics;
using System.Globalization;
using Workbench.RunProtocol.Launch;

namespace Workbench.Web.Tests.Shared;

/// <summary>Finds the worker process a server started for a run, to read what the kernel knows of it (/proc).</summary>
public static class LocalWorkers
{
    public static int Pid(WorkbenchServer server, int runId)
    {
        var launch = Path.Combine(server.DataDirectory, "runs", runId.ToString(CultureInfo.InvariantCulture), LaunchDocument.FileName);
        foreach (var process in Process.GetProcessesByName("dotnet"))
        {
            var cmdline = File.Exists($"/proc/{process.Id}/cmdline") ? File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ') : "";
            if (cmdline.Contains("Workbench.Worker.dll") && cmdline.Contains(launch)) return process.Id;
        }
        throw new InvalidOperationException($"No worker process for run {runId}.");
    }
}
