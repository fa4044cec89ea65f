using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workbench.RunProtocol.Launch;
using Workbench.Web.Executors;
using Workbench.Web.Executors.Kubernetes;
using Workbench.Web.Executors.Slurm;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Executors;

/// <summary>Workers' OpenMP threads wait as <c>Workbench:WorkerThreadWait</c> says, on this machine and in job scripts and pods.</summary>
public sealed class WorkerThreadWaitTests
{
    private static readonly WorkerLaunch s_launch = new("/app/Workbench.Worker.dll", ["--launch", "/data/runs/7/launch.json"], "/data/runs/7", "secret", 2L << 30);

    [Theory]
    [InlineData(null, "GOMP_SPINCOUNT=300000", "OMP_WAIT_POLICY")]          // the default
    [InlineData(WorkerThreadWait.Passive, "OMP_WAIT_POLICY=PASSIVE", "GOMP_SPINCOUNT")]
    public async Task LocalWorker_RunsWithTheChosenWait(string? setting, string expected, string absent)
    {
        var settings = setting is null ? new Dictionary<string, string>() : new() { ["Workbench:WorkerThreadWait"] = setting };
        await using var server = WorkbenchServer.WithSettings(settings);
        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("wait", steps: 200_000));
        await server.WaitForStepAsync(run!.Id, 2, TimeSpan.FromMinutes(2));

        var environment = (await File.ReadAllTextAsync($"/proc/{LocalWorkers.Pid(server, run.Id)}/environ")).Split('\0');
        Assert.Contains(expected, environment);
        Assert.DoesNotContain(environment, v => v.StartsWith(absent + "=", StringComparison.Ordinal));
        await server.Services.GetRequiredService<RunService>().CancelAsync(run.Id);
    }

    [Fact]
    public async Task UnknownWait_StopsStartUpNamingTheSetting()
    {
        await using var server = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:WorkerThreadWait"] = "spin" });
        var error = Assert.ThrowsAny<Exception>(() => server.BaseAddress);
        Assert.Contains("WorkerThreadWait", error.ToString());
    }

    [Fact]
    public void Apply_ReplacesAnInheritedWait()
    {
        var environment = new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = "ACTIVE", ["GOMP_SPINCOUNT"] = "INFINITE", ["PATH"] = "/bin" };
        WorkerThreadWait.Apply(WorkerThreadWait.Passive, environment);
        Assert.Equal(new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = "PASSIVE", ["PATH"] = "/bin" }, environment);
        WorkerThreadWait.Apply(WorkerThreadWait.Bounded, environment);
        Assert.Equal(new Dictionary<string, string?> { ["GOMP_SPINCOUNT"] = "300000", ["PATH"] = "/bin" }, environment);
        Assert.Throws<ArgumentException>(() => WorkerThreadWait.Apply("spin", environment));
    }

    [Theory]
    [InlineData(WorkerThreadWait.Bounded, "", "300000")]
    [InlineData(WorkerThreadWait.Active, "ACTIVE", "")]
    public async Task SlurmScript_ExportsTheWait_ToTheWorkersShell(string wait, string policy, string spins)
    {
        var script = SlurmJobScript.Render(7, s_launch with { ThreadWait = wait }, new RunResourceRequest(3, 1024, 0, null, null), new SlurmOptions(), "/w");
        var exports = script.Split('\n').Single(l => l.StartsWith("export ", StringComparison.Ordinal));
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{exports}\nprintf '%s|%s|%s' \"${{OMP_WAIT_POLICY:-}}\" \"${{GOMP_SPINCOUNT:-}}\" \"$OMP_NUM_THREADS\"");
        info.Environment.Remove("OMP_WAIT_POLICY");
        info.Environment.Remove("GOMP_SPINCOUNT");
        using var shell = Process.Start(info)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.Equal($"{policy}|{spins}|2", output);
    }

    [Fact]
    public void KubernetesPod_CarriesTheWait()
    {
        var job = KubernetesJobManifest.Job(7, s_launch with { ThreadWait = WorkerThreadWait.Passive }, new RunResourceRequest(2, 1024, 0, null, null),
                                            new KubernetesOptions { Image = "workbench:1" }, "/data", cancelGraceSeconds: 10);
        var env = job.Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("PASSIVE", env["OMP_WAIT_POLICY"]);
        Assert.False(env.ContainsKey("GOMP_SPINCOUNT"));
        Assert.Equal("1", env["OMP_NUM_THREADS"]);
    }
}
