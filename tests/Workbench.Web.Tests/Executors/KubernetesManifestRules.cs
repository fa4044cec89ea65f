using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Workbench.Web.Tests.Executors;

/// <summary>
/// Checks a rendered Job and Secret the way the API server would, without a cluster: (1) the JSON the official client
/// sends deserializes into its typed models (the client's generated batch/v1 and core/v1 types) and serializes back to
/// the same JSON, so every field is a known field of the right type; (2) the fields the Kubernetes API marks required are
/// there; (3) names, labels, quantities and enums follow the API's validation rules (apimachinery's DNS-1123 and label
/// syntax, resource.Quantity, extended resources requested equal to their limits, a Job's restartPolicy).
/// </summary>
public static partial class KubernetesManifestRules
{
    public static IReadOnlyList<string> Problems(V1Job job, V1Secret secret)
    {
        var problems = new List<string>();
        RoundTrips(job, problems);
        RoundTrips(secret, problems);

        Require(job.ApiVersion == "batch/v1", "job.apiVersion must be batch/v1", problems);
        Require(job.Kind == "Job", "job.kind must be Job", problems);
        Name(job.Metadata?.Name, "job.metadata.name", 63, problems);   // a Job's name becomes its Pods' job-name label value
        Labels(job.Metadata?.Labels, "job.metadata.labels", problems);
        var spec = job.Spec;
        Require(spec?.Template?.Spec is not null, "job.spec.template.spec is required", problems);
        if (spec?.Template?.Spec is not { } pod) return problems;
        Require(spec.BackoffLimit is null or >= 0, "job.spec.backoffLimit must be >= 0", problems);
        Require(spec.ActiveDeadlineSeconds is null or > 0, "job.spec.activeDeadlineSeconds must be > 0", problems);
        Labels(spec.Template.Metadata?.Labels, "job.spec.template.metadata.labels", problems);
        Require(pod.RestartPolicy is "Never" or "OnFailure", "a Job's pod restartPolicy must be Never or OnFailure", problems);
        Require(pod.Containers is { Count: > 0 }, "pod.containers needs at least one container", problems);
        foreach (var (key, value) in pod.NodeSelector ?? new Dictionary<string, string>())
        {
            LabelKey(key, $"pod.nodeSelector[{key}]", problems);
            LabelValue(value, $"pod.nodeSelector[{key}]", problems);
        }
        var volumes = (pod.Volumes ?? []).ToList();
        foreach (var volume in volumes)
        {
            Name(volume.Name, "pod.volumes[].name", 63, problems, label: true);
            var sources = new object?[] { volume.Secret, volume.EmptyDir, volume.PersistentVolumeClaim, volume.ConfigMap, volume.HostPath }.Count(s => s is not null);
            Require(sources == 1, $"volume {volume.Name} needs exactly one source", problems);
            if (volume.Secret is { } s)
            {
                Require(s.SecretName == secret.Metadata?.Name, $"volume {volume.Name} names Secret {s.SecretName}, not the rendered one", problems);
                Require(s.DefaultMode is null or >= 0 and <= 511, "secret defaultMode must be within 0..0777", problems);
            }
            if (volume.PersistentVolumeClaim is { } claim) Name(claim.ClaimName, "persistentVolumeClaim.claimName", 253, problems);
        }
        Require(volumes.Select(v => v.Name).Distinct().Count() == volumes.Count, "volume names must be unique", problems);
        foreach (var container in pod.Containers ?? [])
        {
            Name(container.Name, "container.name", 63, problems, label: true);
            Require(!string.IsNullOrWhiteSpace(container.Image), "container.image is required", problems);
            Require(container.ImagePullPolicy is null or "Always" or "IfNotPresent" or "Never", "container.imagePullPolicy", problems);
            foreach (var env in container.Env ?? [])
                Require(EnvName().IsMatch(env.Name ?? ""), $"env name {env.Name} is not a valid variable name", problems);
            foreach (var mount in container.VolumeMounts ?? [])
            {
                Require(volumes.Any(v => v.Name == mount.Name), $"volumeMount {mount.Name} names no volume", problems);
                Require(mount.MountPath?.StartsWith('/') == true, $"volumeMount {mount.Name}: mountPath must be absolute", problems);
            }
            Resources(container.Resources, problems);
        }
        Require(secret.ApiVersion == "v1" && secret.Kind == "Secret", "secret apiVersion/kind", problems);
        Name(secret.Metadata?.Name, "secret.metadata.name", 253, problems);
        Require(secret.StringData is { Count: > 0 } || secret.Data is { Count: > 0 }, "secret holds no data", problems);
        foreach (var key in secret.StringData?.Keys ?? []) Require(SecretKey().IsMatch(key), $"secret key {key}", problems);
        return problems;
    }

    private static void Resources(V1ResourceRequirements? resources, List<string> problems)
    {
        var requests = resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
        var limits = resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
        foreach (var (name, quantity) in requests.Concat(limits))
        {
            Require(QuantityPattern().IsMatch(quantity.ToString()), $"resource {name}: '{quantity}' is not a quantity", problems);
            Require(name is "cpu" or "memory" or "ephemeral-storage" || name.Contains('/'), $"resource {name}: an extended resource needs a domain prefix", problems);
        }
        foreach (var (name, request) in requests)
        {
            if (!limits.TryGetValue(name, out var limit)) continue;
            Require(request.ToDecimal() <= limit.ToDecimal(), $"resource {name}: request above its limit", problems);
            if (name.Contains('/')) Require(request.ToDecimal() == limit.ToDecimal(), $"extended resource {name}: request must equal limit", problems);
        }
        foreach (var name in requests.Keys.Where(n => n.Contains('/')))
            Require(limits.ContainsKey(name), $"extended resource {name}: a request needs a limit", problems);
    }

    private static void RoundTrips<T>(T value, List<string> problems)
    {
        var json = KubernetesJson.Serialize(value);
        try
        {
            var again = KubernetesJson.Serialize(KubernetesJson.Deserialize<T>(json));
            Require(again == json, $"{typeof(T).Name} does not survive the client's typed models: {json} became {again}", problems);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            problems.Add($"{typeof(T).Name}: {ex.Message}");
        }
    }

    private static void Name(string? name, string field, int max, List<string> problems, bool label = false)
    {
        var valid = name is not null && name.Length <= max && (label ? DnsLabel().IsMatch(name) : name.Split('.').All(DnsLabel().IsMatch));
        Require(valid, $"{field} '{name}' is not a DNS-1123 {(label ? "label" : "subdomain")} of at most {max} characters", problems);
    }

    private static void Labels(IDictionary<string, string>? labels, string field, List<string> problems)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            LabelKey(key, $"{field}[{key}]", problems);
            LabelValue(value, $"{field}[{key}]", problems);
        }
    }

    private static void LabelKey(string key, string field, List<string> problems)
    {
        var parts = key.Split('/');
        var valid = parts.Length switch
        {
            1 => LabelName().IsMatch(parts[0]),
            2 => parts[0].Length <= 253 && parts[0].Split('.').All(DnsLabel().IsMatch) && LabelName().IsMatch(parts[1]),
            _ => false,
        };
        Require(valid, $"{field}: '{key}' is not a label key", problems);
    }

    private static void LabelValue(string value, string field, List<string> problems) =>
        Require(value.Length == 0 || LabelName().IsMatch(value), $"{field}: '{value}' is not a label value", problems);

    private static void Require(bool condition, string problem, List<string> problems)
    {
        if (!condition) problems.Add(problem);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex SecretKey();

    // resource.Quantity: a signed decimal with an optional binary (Ki..Ei), decimal (m, k, M..E) or exponent suffix.
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")]
    private static partial Regex QuantityPattern();
}
