namespace Workbench.Web.Artifacts;

public static class ArtifactServiceCollectionExtensions
{
    /// <summary>Content-addressed inputs and checkpoint uploads for workers that share no disk with the host.</summary>
    public static IServiceCollection AddWorkerArtifacts(this IServiceCollection services) => services
        .AddSingleton<ArtifactHasher>()
        .AddSingleton<RunArtifactGrants>()
        .AddSingleton<CheckpointUploads>()
        .AddSingleton<LaunchArtifactGranter>();
}
