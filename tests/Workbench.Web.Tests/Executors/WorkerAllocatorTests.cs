using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Workbench.RunProtocol.Launch;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Executors;

/// <summary>Workers run on tcmalloc where the machine has it (.ci/debian-packages installs it), on glibc when asked.</summary>
public sealed class WorkerAllocatorTests
{
    [Theory]
    [InlineData(WorkerAllocator.Tcmalloc, true)]
    [InlineData(WorkerAllocator.Glibc, false)]
    public async Task LocalWorker_HasTheChosenAllocatorMapped(string allocator, bool tcmallocMapped)
    {
        Assert.NotNull(WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc));   // libtcmalloc-minimal4 is a test dependency
        await using var server = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:WorkerAllocator"] = allocator });
        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("allocator", steps: 200_000));
        await server.WaitForStepAsync(run!.Id, 2, TimeSpan.FromMinutes(2));

        var maps = await File.ReadAllTextAsync($"/proc/{LocalWorkers.Pid(server, run.Id)}/maps");
        Assert.Equal(tcmallocMapped, maps.Contains(WorkerAllocator.TcmallocLibrary, StringComparison.Ordinal));
        await server.Services.GetRequiredService<RunService>().CancelAsync(run.Id);
    }

    [Fact]
    public async Task UnknownAllocator_StopsStartUpNamingTheSetting()
    {
        await using var server = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:WorkerAllocator"] = "jemalloc" });
        var error = Assert.ThrowsAny<Exception>(() => server.BaseAddress);
        Assert.Contains("WorkerAllocator", error.ToString());
    }

    [Fact]
    public async Task ShellLine_PreloadsWhatTheNodeHas_AndKeepsAnEarlierPreload()
    {
        Assert.Equal(WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc), await PreloadAfterAsync(WorkerAllocator.ShellLine(WorkerAllocator.Tcmalloc), null));
        Assert.Equal($"{WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc)}:/opt/other.so",
                     await PreloadAfterAsync(WorkerAllocator.ShellLine(WorkerAllocator.Tcmalloc), "/opt/other.so"));
        Assert.Equal("", WorkerAllocator.ShellLine(WorkerAllocator.Glibc));
    }

    [Fact]
    public void Apply_PrependsTheLibrary_OnlyWhenOneIsFound()
    {
        var environment = new Dictionary<string, string?> { ["LD_PRELOAD"] = "/opt/other.so" };
        WorkerAllocator.Apply(WorkerAllocator.Tcmalloc, environment);
        Assert.Equal($"{WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc)}:/opt/other.so", environment["LD_PRELOAD"]);

        var glibc = new Dictionary<string, string?>();
        WorkerAllocator.Apply(WorkerAllocator.Glibc, glibc);
        Assert.Empty(glibc);
        Assert.Null(WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc, exists: _ => false));
        Assert.Equal(WorkerAllocator.TcmallocPaths[2], WorkerAllocator.FindLibrary(WorkerAllocator.Tcmalloc, exists: p => p == WorkerAllocator.TcmallocPaths[2]));
    }

    private static async Task<string> PreloadAfterAsync(string line, string? earlier)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"set -u\n{line}\nprintf '%s' \"${{LD_PRELOAD:-}}\"");
        info.Environment.Remove("LD_PRELOAD");
        if (earlier is not null) info.Environment["LD_PRELOAD"] = earlier;
        using var shell = Process.Start(info)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return output;
    }
}
