namespace Workbench.Web.Executors;

/// <summary>The "Workbench:Executor:Kubernetes" section: where run Jobs go and what they look like.</summary>
public sealed class KubernetesOptions
{
    public string Namespace { get; set; } = "default";

    /// <summary>The Workbench image built from this repository's Dockerfile (it holds the worker in /app/worker/Workbench.Worker.dll).</summary>
    public string Image { get; set; } = "workbench:latest";

    public string ImagePullPolicy { get; set; } = "IfNotPresent";

    /// <summary>kubeconfig file; empty = the in-cluster service account, else ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    public string? ServiceAccountName { get; set; }

    /// <summary>Node labels every run Pod must match (<c>{"nvidia.com/gpu.present": "true"}</c>).</summary>
    public Dictionary<string, string> NodeSelector { get; set; } = [];

    /// <summary>Extended resource name of a GPU in requests and limits.</summary>
    public string GpuResource { get; set; } = "nvidia.com/gpu";

    /// <summary>A PersistentVolumeClaim holding this server's data directory, mounted at the same path (shared paths); empty = an emptyDir.</summary>
    public string? DataVolumeClaim { get; set; }

    /// <summary>Finished Jobs (and their Pods) are deleted this long after they end.</summary>
    public int TtlSecondsAfterFinished { get; set; } = 3600;

    /// <summary>How often a Job's state is read, in seconds.</summary>
    public double PollSeconds { get; set; } = 2;
}
