using Microsoft.Extensions.Options;
using Workbench.Web.Executors;
using Workbench.Web.Executors.Kubernetes;
using Workbench.Web.Executors.Slurm;

namespace Workbench.Web.Extensions;

public static class ExecutorServiceCollectionExtensions
{
    /// <summary>The executor named by <c>Workbench:Executor:Kind</c> (local by default).</summary>
    public static IServiceCollection AddRunExecutor(this IServiceCollection services)
    {
        services.AddOptions<ExecutorOptions>().BindConfiguration("Workbench:Executor").ValidateDataAnnotations()
            .Validate(o => ExecutorOptions.Kinds.Contains(o.Kind), $"Workbench:Executor:Kind must be one of {string.Join(", ", ExecutorOptions.Kinds)}.")
            .Validate(o => string.IsNullOrWhiteSpace(o.HostUrl) || Uri.TryCreate(o.HostUrl, UriKind.Absolute, out _), "Workbench:Executor:HostUrl must be an absolute URL.")
            .Validate(o => o.FailoverHostUrls.All(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Workbench:Executor:FailoverHostUrls must be absolute http(s) URLs.")
            .ValidateOnStart();
        services.AddSingleton<LocalExecutor>();
        services.AddSingleton<SlurmExecutor>();
        services.AddSingleton<KubernetesExecutor>();
        services.AddSingleton<IRunExecutor>(sp => sp.GetRequiredService<IOptions<ExecutorOptions>>().Value.Kind switch
        {
            ExecutorOptions.SlurmKind => sp.GetRequiredService<SlurmExecutor>(),
            ExecutorOptions.KubernetesKind => sp.GetRequiredService<KubernetesExecutor>(),
            _ => sp.GetRequiredService<LocalExecutor>(),
        });
        return services;
    }
}
