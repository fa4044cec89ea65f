using System.Globalization;
using k8s.Models;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors.Kubernetes;

/// <summary>
/// The objects one run becomes on Kubernetes: a Secret holding the run's worker token, and a Job whose single Pod runs
/// the worker from the Workbench image under <see cref="WorkerWrapperScript"/> (the token read from the Secret's file,
/// never from an environment variable or argument). Deleting the Job sends the Pod SIGTERM, which the wrapper turns into
/// the worker's clean "cancel" within the termination grace period.
/// </summary>
public static class KubernetesJobManifest
{
    public const string TokenMountPath = "/var/run/workbench";
    public const string TokenKey = "token";
    public const string WorkerAssemblyInImage = "/app/worker/Workbench.Worker.dll";
    public const string RunIdLabel = "workbench.dev/run-id";
    public const string ScratchPath = "/work";
    /// <summary>The Dockerfile's user ($APP_UID of the ASP.NET image).</summary>
    public const long ImageUser = 1654;

    public static string JobName(int runId) => $"workbench-run-{runId}";
    public static string SecretName(int runId) => $"workbench-run-{runId}-token";

    public static IReadOnlyDictionary<string, string> Labels(int runId) => new Dictionary<string, string>
    {
        ["app.kubernetes.io/name"] = "workbench",
        ["app.kubernetes.io/component"] = "worker",
        [RunIdLabel] = runId.ToString(CultureInfo.InvariantCulture),
    };

    public static V1Secret Secret(int runId, string token, KubernetesOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = SecretName(runId), NamespaceProperty = options.Namespace, Labels = Labels(runId).ToDictionary() },
        Type = "Opaque",
        StringData = new Dictionary<string, string> { [TokenKey] = token },
    };

    /// <param name="dataDirectory">This server's data directory: the PVC (when configured) is mounted there, so the worker's paths hold.</param>
    public static V1Job Job(int runId, WorkerLaunch launch, RunResourceRequest resources, KubernetesOptions options, string dataDirectory, int cancelGraceSeconds)
    {
        var shared = !string.IsNullOrWhiteSpace(options.DataVolumeClaim);
        var command = "exec " + ShellQuote.Words(["dotnet", WorkerAssemblyInImage, .. launch.Arguments]);
        var script = RunProtocol.Launch.WorkerAllocator.ShellLine(launch.Allocator) + "\n"
                     + WorkerWrapperScript.Render($"cat {ShellQuote.Word($"{TokenMountPath}/{TokenKey}")}", command, "TERM");
        var threads = Math.Max(1, resources.Cpus - 1).ToString(CultureInfo.InvariantCulture);
        var requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(resources.Cpus.ToString(CultureInfo.InvariantCulture)),
            ["memory"] = new($"{resources.MemoryMb}Mi"),
        };
        var limits = new Dictionary<string, ResourceQuantity>(requests);
        // An extended resource (a GPU) is requested and limited alike; Kubernetes refuses anything else.
        if (resources.Gpus > 0) requests[options.GpuResource] = limits[options.GpuResource] = new(resources.Gpus.ToString(CultureInfo.InvariantCulture));

        var container = new V1Container
        {
            Name = "worker",
            Image = options.Image,
            ImagePullPolicy = options.ImagePullPolicy,
            Command = ["/bin/sh", "-c", script],
            WorkingDir = shared ? launch.RunDirectory : ScratchPath,
            Env =
            [
                .. RunProtocol.Launch.WorkerThreadWait.Variables(launch.ThreadWait).Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }),
                new V1EnvVar { Name = "OMP_NUM_THREADS", Value = threads },
                new V1EnvVar { Name = "DOTNET_CLI_TELEMETRY_OPTOUT", Value = "1" },
            ],
            Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
            VolumeMounts =
            [
                new V1VolumeMount { Name = "token", MountPath = TokenMountPath, ReadOnlyProperty = true },
                new V1VolumeMount { Name = "data", MountPath = shared ? dataDirectory : ScratchPath },
            ],
            SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, RunAsNonRoot = true },
        };
        var data = shared
            ? new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = options.DataVolumeClaim } }
            : new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() };
        var labels = Labels(runId);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = JobName(runId), NamespaceProperty = options.Namespace, Labels = labels.ToDictionary() },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,   // a failed worker is a failed run: the run page says why; Resume starts it again
                TtlSecondsAfterFinished = options.TtlSecondsAfterFinished,
                ActiveDeadlineSeconds = resources.TimeMinutes is { } minutes ? minutes * 60L : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels.ToDictionary() },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        TerminationGracePeriodSeconds = Math.Max(1, cancelGraceSeconds),
                        ServiceAccountName = string.IsNullOrWhiteSpace(options.ServiceAccountName) ? null : options.ServiceAccountName,
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { RunAsUser = ImageUser, RunAsGroup = ImageUser, FsGroup = ImageUser },
                        NodeSelector = options.NodeSelector.Count == 0 ? null : options.NodeSelector.ToDictionary(),
                        Containers = [container],
                        Volumes =
                        [
                            new V1Volume { Name = "token", Secret = new V1SecretVolumeSource { SecretName = SecretName(runId), DefaultMode = 0x120 /* 0440: the worker reads it through fsGroup */ } },
                            data,
                        ],
                    },
                },
            },
        };
    }
}
