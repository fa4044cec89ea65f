using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Workbench.Web.Executors.Kubernetes;

/// <summary>
/// A run's worker as a Kubernetes Job: its status read every few seconds; a Job that failed is described by its Failed
/// condition and its Pod's terminated state (OOMKilled, exit code); the token Secret is deleted when the Job ends.
/// </summary>
public sealed class KubernetesJob : IWorkerHandle
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly TimeSpan _poll;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;

    public int RunId { get; }
    public string JobName { get; }
    public string Location => $"{ExecutorOptions.KubernetesKind}:{_namespace}/{JobName}";
    public bool CancelRequested { get; private set; }
    public Task<WorkerOutcome> Exited { get; }

    public KubernetesJob(int runId, IKubernetes client, string @namespace, TimeSpan poll, ILogger logger)
    {
        RunId = runId;
        JobName = KubernetesJobManifest.JobName(runId);
        _client = client;
        _namespace = @namespace;
        _poll = poll;
        _logger = logger;
        Exited = WatchAsync();
    }

    private async Task<WorkerOutcome> WatchAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_poll, _stop.Token);
                V1Job job;
                try
                {
                    job = await _client.BatchV1.ReadNamespacedJobStatusAsync(JobName, _namespace, cancellationToken: _stop.Token);
                }
                catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return new WorkerOutcome(1, $"Kubernetes Job {_namespace}/{JobName} was deleted.");
                }
                catch (HttpRequestException ex)
                {
                    _logger.LogWarning("Reading Job {Job}: {Message}", JobName, ex.Message);
                    continue;
                }
                if (job.Status?.Succeeded > 0) return WorkerOutcome.Clean;
                var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
                if (failed is not null || job.Status?.Failed > 0) return new WorkerOutcome(1, await DescribeFailureAsync(failed));
            }
        }
        catch (OperationCanceledException)
        {
            return new WorkerOutcome(137, $"Kubernetes Job {_namespace}/{JobName} was deleted at server shutdown.");
        }
        finally
        {
            await DeleteSecretAsync();
        }
    }

    private async Task<string> DescribeFailureAsync(V1JobCondition? failed)
    {
        var text = $"Kubernetes Job {_namespace}/{JobName} failed";
        if (failed is not null) text += $": {failed.Reason}{(string.IsNullOrWhiteSpace(failed.Message) ? "" : $" ({failed.Message})")}";
        try
        {
            var pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: $"job-name={JobName}");
            var terminated = pods.Items.SelectMany(p => p.Status?.ContainerStatuses ?? []).Select(s => s.State?.Terminated).FirstOrDefault(t => t is not null);
            if (terminated is not null) text += $"; the worker container ended {terminated.Reason} with exit code {terminated.ExitCode}{(string.IsNullOrWhiteSpace(terminated.Message) ? "" : $": {terminated.Message}")}";
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            _logger.LogWarning("Listing the Pods of Job {Job}: {Message}", JobName, ex.Message);
        }
        return text;
    }

    private async Task DeleteSecretAsync()
    {
        try { await _client.CoreV1.DeleteNamespacedSecretAsync(KubernetesJobManifest.SecretName(RunId), _namespace); }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException) { _logger.LogDebug("Deleting the token Secret of run {RunId}: {Message}", RunId, ex.Message); }
    }

    /// <summary>Deletes the Job: its Pod gets SIGTERM (the worker saves a checkpoint and stops) and is killed after the grace period.</summary>
    public async Task CancelAsync(TimeSpan grace)
    {
        CancelRequested = true;
        await DeleteJobAsync(gracePeriodSeconds: null);
    }

    public void Kill()
    {
        DeleteJobAsync(gracePeriodSeconds: 0).Wait(TimeSpan.FromSeconds(10));
        lock (_stop) if (!_disposed) _stop.Cancel();
    }

    private bool _disposed;

    private async Task DeleteJobAsync(int? gracePeriodSeconds)
    {
        try
        {
            await _client.BatchV1.DeleteNamespacedJobAsync(JobName, _namespace, gracePeriodSeconds: gracePeriodSeconds, propagationPolicy: "Background");
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            _logger.LogWarning("Deleting Job {Job}: {Message}", JobName, ex.Message);
        }
    }

    public void Dispose()
    {
        lock (_stop)
        {
            _disposed = true;
            _stop.Dispose();
        }
    }
}
