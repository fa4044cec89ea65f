using Workbench.Web.Executors;
using Workbench.Web.Executors.Slurm;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Executors;

public sealed class SlurmJobScriptTests
{
    private static readonly WorkerLaunch s_launch = new("/opt/wb/Workbench.Worker.dll", ["--launch", "/data/runs/7/it's.json", "--host", "http://wb.lab:5080/"], "/data/runs/7", "ABCDEF0123", 2L << 30);

    [Fact]
    public void Directives_ComeFromTheRunsResources()
    {
        var script = SlurmJobScript.Render(7, s_launch, new RunResourceRequest(4, 6000, 2, 90, "gpu-a100"), new SlurmOptions { Account = "lab", ExtraDirectives = ["--constraint=ib"] }, "/data/runs/7");
        foreach (var line in new[]
                 {
                     "#SBATCH --job-name=workbench-run-7", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=6000M", "#SBATCH --gres=gpu:2",
                     "#SBATCH --time=90", "#SBATCH --partition=gpu-a100", "#SBATCH --account=lab", "#SBATCH --constraint=ib",
                     "#SBATCH --export=NONE", "#SBATCH --output=/data/runs/7/slurm-%j.out",
                 })
            Assert.Contains(line + "\n", script);
    }

    [Fact]
    public void NoGpusTimeOrPartition_NoSuchDirectives()
    {
        var script = SlurmJobScript.Render(7, s_launch, new RunResourceRequest(1, 1024, 0, null, null), new SlurmOptions(), "/w");
        Assert.DoesNotContain("--gres", script);
        Assert.DoesNotContain("--time", script);
        Assert.DoesNotContain("--partition", script);
    }

    [Fact]
    public void Worker_GetsTheTokenOnStdinOnly_ArgumentsQuoted()
    {
        var script = SlurmJobScript.Render(7, s_launch, new RunResourceRequest(1, 1024, 0, null, null), new SlurmOptions { Dotnet = "/usr/bin/dotnet" }, "/w");
        Assert.Contains("printf '%s\\n' 'ABCDEF0123' >&3", script);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(script, "ABCDEF0123"));
        Assert.Contains("exec '/usr/bin/dotnet' 'exec' '/opt/wb/Workbench.Worker.dll' '--launch' '/data/runs/7/it'\\''s.json' '--host' 'http://wb.lab:5080/' <&3 &", script);
        Assert.Contains("trap 'printf \"cancel\\n\" >&3' USR1 TERM", script);
        Assert.Contains(Workbench.RunProtocol.Launch.WorkerAllocator.ShellLine(Workbench.RunProtocol.Launch.WorkerAllocator.Tcmalloc) + "\n", script);   // resolved on the node
        Assert.DoesNotContain("LD_PRELOAD", SlurmJobScript.Render(7, s_launch with { Allocator = Workbench.RunProtocol.Launch.WorkerAllocator.Glibc },
            new RunResourceRequest(1, 1024, 0, null, null), new SlurmOptions(), "/w"));
    }

    [Fact]
    public void Resources_ConfigOverDefaults_MemoryFromTheEstimateWhenUnset()
    {
        var defaults = new RunResourceDefaults { Cpus = 2, Gpus = 0, Partition = "cpu" };
        var request = RunResourceRequest.Resolve(new Experiments.Resources.RunResources { Gpus = 1, TimeMinutes = 30 }, defaults, 3L << 30);
        Assert.Equal(new RunResourceRequest(2, 3072, 1, 30, "cpu"), request);
        Assert.Equal(1024, RunResourceRequest.Resolve(null, defaults, 10L << 20).MemoryMb);
    }
}
