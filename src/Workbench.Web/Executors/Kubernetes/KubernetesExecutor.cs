using k8s;
using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors.Kubernetes;

/// <summary>
/// The <c>kubernetes</c> executor: each run is a Secret (its token) and a Job (<see cref="KubernetesJobManifest"/>)
/// created through the official client, watched by <see cref="KubernetesJob"/>. The client is built at the first run,
/// from <see cref="KubernetesOptions.Kubeconfig"/>, the in-cluster service account, or ~/.kube/config.
/// </summary>
public sealed class KubernetesExecutor(IOptions<ExecutorOptions> options, IOptions<WorkbenchOptions> workbench, DataPaths paths, ILogger<KubernetesExecutor> logger)
    : IRunExecutor
{
    private readonly Lazy<IKubernetes> _client = new(() => new k8s.Kubernetes(ClientConfiguration(options.Value.Kubernetes)));

    public string Kind => ExecutorOptions.KubernetesKind;

    public Uri? WorkerHostUri => options.Value.ResolveHostUri();

    /// <summary>Only with the data volume mounted (<see cref="KubernetesOptions.DataVolumeClaim"/>): a pod's own disk is scratch.</summary>
    public bool SharedDisk => options.Value.SharedPaths && !string.IsNullOrWhiteSpace(options.Value.Kubernetes.DataVolumeClaim);

    public async Task<IWorkerHandle> StartAsync(int runId, WorkerLaunch launch, RunResourceRequest resources, CancellationToken ct)
    {
        var kubernetes = options.Value.Kubernetes;
        var secret = KubernetesJobManifest.Secret(runId, launch.Token, kubernetes);
        var job = KubernetesJobManifest.Job(runId, launch, resources, kubernetes, paths.Root, workbench.Value.CancelGraceSeconds);
        var client = _client.Value;
        // A Job of an earlier attempt of this run (Resume) is replaced; its Secret too.
        await DeleteQuietlyAsync(() => client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, kubernetes.Namespace, propagationPolicy: "Background", cancellationToken: ct));
        await DeleteQuietlyAsync(() => client.CoreV1.DeleteNamespacedSecretAsync(secret.Metadata.Name, kubernetes.Namespace, cancellationToken: ct));
        await client.CoreV1.CreateNamespacedSecretAsync(secret, kubernetes.Namespace, cancellationToken: ct);
        await client.BatchV1.CreateNamespacedJobAsync(job, kubernetes.Namespace, cancellationToken: ct);
        logger.LogInformation("Run {RunId} submitted as Kubernetes Job {Namespace}/{Job}", runId, kubernetes.Namespace, job.Metadata.Name);
        return new KubernetesJob(runId, client, kubernetes.Namespace, TimeSpan.FromSeconds(kubernetes.PollSeconds), logger);
    }

    /// <summary>
    /// The Job of <c>kubernetes:namespace/workbench-run-7</c>: named after its run, so a location naming another Job or
    /// another namespace than this host's is not attached. A Job that is gone is reported as deleted at its first poll.
    /// </summary>
    public Task<IWorkerHandle?> AttachAsync(int runId, string location, CancellationToken ct)
    {
        var kubernetes = options.Value.Kubernetes;
        if (location != $"{Kind}:{kubernetes.Namespace}/{KubernetesJobManifest.JobName(runId)}") return Task.FromResult<IWorkerHandle?>(null);
        logger.LogInformation("Run {RunId}: attached to Kubernetes Job {Namespace}/{Job}, started by another host", runId, kubernetes.Namespace, KubernetesJobManifest.JobName(runId));
        return Task.FromResult<IWorkerHandle?>(new KubernetesJob(runId, _client.Value, kubernetes.Namespace, TimeSpan.FromSeconds(kubernetes.PollSeconds), logger));
    }

    private static async Task DeleteQuietlyAsync(Func<Task> delete)
    {
        try { await delete(); }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    private static KubernetesClientConfiguration ClientConfiguration(KubernetesOptions options) =>
        !string.IsNullOrWhiteSpace(options.Kubeconfig) ? KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildDefaultConfig();
}
