using k8s;
using k8s.Models;
using Workbench.Web.Executors;
using Workbench.Web.Executors.Kubernetes;
using Workbench.Web.Hosting;
using Xunit.Abstractions;

namespace Workbench.Web.Tests.Executors;

/// <summary>The Job and Secret of a run, validated against the API's rules with the official client's models (<see cref="KubernetesManifestRules"/>).</summary>
public sealed class KubernetesJobManifestTests(ITestOutputHelper output)
{
    private static readonly WorkerLaunch s_launch = new("/app/Workbench.Worker.dll", ["--launch", "/data/runs/42/launch.json", "--host", "http://wb.lab:5080/"], "/data/runs/42", "0123456789ABCDEF", 2L << 30);

    private static readonly KubernetesOptions s_options = new()
    {
        Namespace = "ml",
        Image = "registry.lab/workbench:1.4",
        NodeSelector = new() { ["nvidia.com/gpu.present"] = "true", ["pool"] = "a100" },
        DataVolumeClaim = "workbench-data",
    };

    [Fact]
    public void GpuRun_RendersAValidJob_WithResourcesGpuLimitsNodeSelectorAndTokenSecret()
    {
        var job = KubernetesJobManifest.Job(42, s_launch, new RunResourceRequest(8, 32_000, 2, 120, null), s_options, "/data", cancelGraceSeconds: 10);
        var secret = KubernetesJobManifest.Secret(42, s_launch.Token, s_options);
        Assert.Empty(KubernetesManifestRules.Problems(job, secret));

        var pod = job.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal("8", container.Resources.Limits["cpu"].ToString());
        Assert.Equal("32000Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("2", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("2", container.Resources.Requests["nvidia.com/gpu"].ToString());
        Assert.Equal("a100", pod.NodeSelector["pool"]);
        Assert.Equal(7200, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal("workbench-data", pod.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("/data", container.VolumeMounts.Single(m => m.Name == "data").MountPath);
        Assert.Equal(KubernetesJobManifest.SecretName(42), pod.Volumes.Single(v => v.Name == "token").Secret.SecretName);
        Assert.Equal("0123456789ABCDEF", secret.StringData["token"]);
        // The token is in the Secret only: not in the Job's command, arguments or environment.
        Assert.DoesNotContain("0123456789ABCDEF", KubernetesJson.Serialize(job));
        Assert.Contains("cat '/var/run/workbench/token' >&3", container.Command[2]);
        Assert.Contains("exec 'dotnet' '/app/worker/Workbench.Worker.dll' '--launch' '/data/runs/42/launch.json'", container.Command[2]);
        Assert.StartsWith(Workbench.RunProtocol.Launch.WorkerAllocator.ShellLine(Workbench.RunProtocol.Launch.WorkerAllocator.Tcmalloc) + "\n", container.Command[2]);
        output.WriteLine(KubernetesYaml.SerializeAll(new object[] { secret, job }));
    }

    [Fact]
    public void CpuRun_WithoutSharedVolume_UsesScratch_NoGpuNoDeadline()
    {
        var options = new KubernetesOptions { Image = "workbench:latest" };
        var job = KubernetesJobManifest.Job(7, s_launch, new RunResourceRequest(2, 1024, 0, null, null), options, "/data", cancelGraceSeconds: 0);
        Assert.Empty(KubernetesManifestRules.Problems(job, KubernetesJobManifest.Secret(7, "t0k3n", options)));
        var container = job.Spec.Template.Spec.Containers[0];
        Assert.DoesNotContain(container.Resources.Limits.Keys, k => k.Contains("gpu"));
        Assert.Null(job.Spec.ActiveDeadlineSeconds);
        Assert.Null(job.Spec.Template.Spec.NodeSelector);
        Assert.NotNull(job.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").EmptyDir);
        Assert.Equal(KubernetesJobManifest.ScratchPath, container.WorkingDir);
        Assert.Equal(1, job.Spec.Template.Spec.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void Rules_CatchWhatTheApiServerRefuses()
    {
        var options = new KubernetesOptions { Image = "" , NodeSelector = new() { ["bad key!"] = "x" } };
        var job = KubernetesJobManifest.Job(7, s_launch, new RunResourceRequest(2, 1024, 1, null, null), options, "/data", 5);
        job.Spec.Template.Spec.RestartPolicy = "Always";
        job.Spec.Template.Spec.Containers[0].Resources.Requests["nvidia.com/gpu"] = new ResourceQuantity("0");
        job.Metadata.Name = "Workbench_Run";
        var problems = KubernetesManifestRules.Problems(job, KubernetesJobManifest.Secret(7, "t", options));
        Assert.Contains(problems, p => p.Contains("restartPolicy"));
        Assert.Contains(problems, p => p.Contains("container.image"));
        Assert.Contains(problems, p => p.Contains("bad key!"));
        Assert.Contains(problems, p => p.Contains("request must equal limit"));
        Assert.Contains(problems, p => p.Contains("job.metadata.name"));
    }
}
